from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.volunteers import services
from apps.volunteers.models import ServiceRecord, TimeBankEntry

from .factories import ActivityFactory, RecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(team_a):
    team, members = team_a
    activity = ActivityFactory(team=team)
    for member, hours in zip(members, ["2", "3", "1.5"], strict=True):
        RecordFactory(activity=activity, volunteer=member, hours=Decimal(hours))
    return activity


def test_leader_confirming_all_credits_each_volunteers_time_bank(team_leader, activity):
    assert services.records_confirm(activity=activity, by=team_leader) == 3
    balances = sorted(
        r.volunteer.time_balance for r in activity.records.select_related("volunteer")
    )
    assert balances == [Decimal("1.5"), Decimal("2"), Decimal("3")]
    assert TimeBankEntry.objects.filter(kind="credit").count() == 3


def test_confirming_twice_credits_only_once(team_leader, activity):
    services.records_confirm(activity=activity, by=team_leader)
    assert services.records_confirm(activity=activity, by=team_leader) == 0
    assert TimeBankEntry.objects.count() == 3


def test_confirming_one_record_leaves_the_others_pending(team_leader, activity):
    first = activity.records.order_by("pk").first()
    services.records_confirm(activity=activity, by=team_leader, record_ids=[first.pk])
    assert activity.records.pending().count() == 2


def test_rejecting_without_a_reason_is_refused(team_leader, activity):
    record = activity.records.first()
    with pytest.raises(ValidationError, match="退回须填写原因"):
        services.record_reject(record=record, reason="  ", by=team_leader)
    record.refresh_from_db()
    assert record.status == ServiceRecord.Status.PENDING


def test_a_rejected_record_keeps_its_reason_and_is_never_credited(team_leader, activity):
    record = activity.records.first()
    services.record_reject(record=record, reason="当天未到场", by=team_leader)
    services.records_confirm(activity=activity, by=team_leader)
    record.refresh_from_db()
    assert (record.status, record.reject_reason) == ("rejected", "当天未到场")
    assert not TimeBankEntry.objects.filter(record=record).exists()


def test_a_secretary_may_not_confirm_hours(secretary, activity):
    with pytest.raises(PermissionDenied):
        services.records_confirm(activity=activity, by=secretary)


def test_district_staff_may_confirm_hours_of_a_team_in_their_district(staff_a, activity):
    assert services.records_confirm(activity=activity, by=staff_a) == 3


def test_staff_of_another_district_may_not_confirm(staff_b, activity):
    with pytest.raises(PermissionDenied):
        services.records_confirm(activity=activity, by=staff_b)


def test_confirm_button_confirms_all_pending_records(client, team_leader, activity):
    client.force_login(team_leader)
    client.post(reverse("volunteers:activity_confirm", args=[activity.pk]))
    assert activity.records.confirmed().count() == 3


def test_another_teams_leader_gets_404_when_confirming(client, district_a, activity):
    from tests.factories import UserFactory

    other = UserFactory(role="team_leader", unit=district_a)
    client.force_login(other)
    response = client.post(reverse("volunteers:activity_confirm", args=[activity.pk]))
    assert response.status_code == 404
    assert activity.records.pending().count() == 3


def test_reject_page_without_reason_shows_an_error_and_keeps_the_record(
    client, team_leader, activity
):
    record = activity.records.first()
    client.force_login(team_leader)
    response = client.post(
        reverse("volunteers:record_reject", args=[record.pk]), {"reason": ""}, follow=True
    )
    assert "退回须填写原因" in response.content.decode()
    record.refresh_from_db()
    assert record.status == "pending"


def test_the_leaders_reminder_closes_once_every_record_is_decided(
    staff_a, team_leader, team_a, django_capture_on_commit_callbacks
):
    from apps.notifications.models import Reminder

    team, members = team_a
    with django_capture_on_commit_callbacks(execute=True):
        activity = services.activity_record(
            team=team,
            title="红色故事会",
            date=ActivityFactory.build().date,
            place="社区",
            field=ActivityFactory.build().field,
            beneficiaries=5,
            by=staff_a,
            participants=[(members[0], Decimal("2")), (members[1], Decimal("2"))],
        )
    first, second = activity.records.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        services.records_confirm(activity=activity, by=team_leader, record_ids=[first.pk])
    assert Reminder.objects.get(recipient=team_leader).closed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        services.record_reject(record=second, reason="未到场", by=team_leader)
    assert Reminder.objects.get(recipient=team_leader).closed_at is not None


def test_the_registered_daily_job_deactivates_the_deceased_and_returns_the_count(district_a):
    from datetime import date

    from apps.cadres.models import Cadre
    from apps.core.jobs import run_job

    from .factories import VolunteerFactory

    volunteer = VolunteerFactory(cadre__unit=district_a)
    Cadre.objects.filter(pk=volunteer.cadre_id).update(
        status="deceased", deceased_on=date(2026, 5, 1)
    )
    assert run_job("volunteers_deactivate_deceased", on=date(2026, 5, 2)) == 1
