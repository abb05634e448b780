from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.cadres.models import Cadre
from apps.core.jobs import run_job
from apps.volunteers import services
from apps.volunteers.models import Volunteer
from tests.factories import CadreFactory

from .factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def test_registering_a_cadre_makes_a_volunteer_in_the_given_teams(district_a, team_a):
    cadre = CadreFactory(unit=district_a)
    volunteer = services.volunteer_register(
        cadre=cadre, registered_on=date(2026, 3, 1), skills="书法", teams=[team_a[0]]
    )
    assert list(volunteer.teams.all()) == [team_a[0]]
    assert volunteer.status == Volunteer.Status.ACTIVE


def test_registering_someone_who_is_not_a_cadre_is_refused_with_a_clear_message(staff_a):
    with pytest.raises(ValidationError) as exc:
        services.volunteer_register(cadre=staff_a, registered_on=date(2026, 3, 1))
    assert "离退休干部" in str(exc.value)
    assert not Volunteer.objects.exists()


def test_registering_a_deceased_cadre_is_refused(district_a):
    cadre = CadreFactory(unit=district_a, status="deceased", deceased_on=date(2025, 1, 1))
    with pytest.raises(ValidationError):
        services.volunteer_register(cadre=cadre, registered_on=date(2026, 3, 1))
    assert not Volunteer.objects.exists()


def test_registering_the_same_cadre_twice_is_refused(district_a):
    volunteer = VolunteerFactory(cadre__unit=district_a)
    with pytest.raises(ValidationError, match="已注册"):
        services.volunteer_register(cadre=volunteer.cadre, registered_on=date(2026, 3, 1))


def test_register_page_refuses_an_id_number_not_on_the_register(client, staff_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("volunteers:volunteer_register"),
        {"id_number": "110101194001010011", "registered_on": "2026-03-01"},
    )
    assert "只有登记在册的离退休干部才能注册为志愿者" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_register_page_registers_a_cadre_found_by_id_number(client, staff_a, district_a):
    cadre = CadreFactory(unit=district_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("volunteers:volunteer_register"),
        {"id_number": cadre.id_number, "registered_on": "2026-03-01", "skills": "摄影"},
    )
    volunteer = Volunteer.objects.get(cadre=cadre)
    assert response.url == reverse("volunteers:volunteer_detail", args=[volunteer.pk])


def test_register_page_does_not_find_a_cadre_of_another_district(client, staff_a, district_b):
    cadre = CadreFactory(unit=district_b)
    client.force_login(staff_a)
    client.post(
        reverse("volunteers:volunteer_register"),
        {"id_number": cadre.id_number, "registered_on": "2026-03-01"},
    )
    assert not Volunteer.objects.exists()


def test_team_leader_may_not_open_the_register_page(client, team_leader):
    client.force_login(team_leader)
    assert client.get(reverse("volunteers:volunteer_register")).status_code == 403


def _bury(cadre: Cadre, day: date) -> None:
    Cadre.objects.filter(pk=cadre.pk).update(status="deceased", deceased_on=day)


def test_daily_job_deactivates_the_volunteer_of_a_deceased_cadre(district_a):
    volunteer = VolunteerFactory(cadre__unit=district_a)
    _bury(volunteer.cadre, date(2026, 5, 1))
    assert run_job("volunteers_deactivate_deceased", on=date(2026, 5, 2)) == 1
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.INACTIVE
    assert volunteer.deactivated_on == date(2026, 5, 2)


def test_running_the_deactivation_job_twice_changes_nothing_the_second_time(district_a):
    volunteer = VolunteerFactory(cadre__unit=district_a)
    VolunteerFactory(cadre__unit=district_a)
    _bury(volunteer.cadre, date(2026, 5, 1))
    call_command(
        "run_daily_jobs", "--date", "2026-05-02", "--only", "volunteers_deactivate_deceased"
    )
    assert services.volunteers_deactivate_deceased(on=date(2026, 5, 3)) == 0
    volunteer.refresh_from_db()
    assert volunteer.deactivated_on == date(2026, 5, 2)
    assert Volunteer.objects.filter(status="active").count() == 1


def test_deactivation_job_leaves_living_cadres_active(district_a):
    VolunteerFactory(cadre__unit=district_a)
    assert services.volunteers_deactivate_deceased(on=timezone.localdate()) == 0
