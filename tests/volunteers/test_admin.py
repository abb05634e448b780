import pytest
from django.urls import reverse

from apps.volunteers import services

from .factories import ActivityFactory, ProjectFactory, RecordFactory

pytestmark = pytest.mark.django_db

MODELS = [
    "volunteerteam",
    "volunteer",
    "volunteeractivity",
    "timebankentry",
    "keyproject",
    "servicefield",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelists_open_for_bureau_staff(client, bureau_staff, team_a, model):
    record = RecordFactory(activity=ActivityFactory(team=team_a[0]), volunteer=team_a[1][0])
    services.records_confirm(activity=record.activity, by=bureau_staff)
    ProjectFactory(unit=team_a[0].unit)
    client.force_login(bureau_staff)
    response = client.get(reverse(f"admin:volunteers_{model}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


def test_admin_team_list_of_district_staff_leaves_out_other_districts(
    client, staff_b, team_a, team_b
):
    client.force_login(staff_b)
    response = client.get(reverse("admin:volunteers_volunteerteam_changelist"))
    assert list(response.context["cl"].result_list) == [team_b[0]]


def test_admin_does_not_open_another_districts_activity(client, staff_b, team_a):
    activity = ActivityFactory(team=team_a[0])
    client.force_login(staff_b)
    response = client.get(reverse("admin:volunteers_volunteeractivity_change", args=[activity.pk]))
    assert response.status_code in (302, 404)
    assert str(activity.pk) not in response.get("Location", "")
