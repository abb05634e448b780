import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, close_old_connections, connection
from django.urls import reverse

from apps.volunteers import services
from apps.volunteers.models import TimeBankEntry, Volunteer

from .factories import RecordFactory, VolunteerFactory

D = date(2026, 6, 1)


def _credited(volunteer, by, hours="5"):
    record = RecordFactory(
        volunteer=volunteer, activity__team=volunteer.teams.first(), hours=Decimal(hours)
    )
    services.records_confirm(activity=record.activity, by=by)
    volunteer.refresh_from_db()
    return volunteer


@pytest.mark.django_db
def test_redeeming_debits_the_balance_and_writes_a_ledger_line(staff_a, team_a):
    volunteer = _credited(team_a[1][0], staff_a, "5")
    entry = services.timebank_redeem(
        volunteer=volunteer, hours=Decimal("2"), description="理发", on=D, by=staff_a
    )
    volunteer.refresh_from_db()
    assert volunteer.time_balance == Decimal("3")
    assert (entry.kind, entry.balance_after) == ("debit", Decimal("3"))


@pytest.mark.django_db
def test_redeeming_more_than_the_balance_is_refused_and_nothing_changes(staff_a, team_a):
    volunteer = _credited(team_a[1][0], staff_a, "2")
    with pytest.raises(ValidationError, match="余额不足"):
        services.timebank_redeem(
            volunteer=volunteer, hours=Decimal("2.5"), description="家政", on=D, by=staff_a
        )
    volunteer.refresh_from_db()
    assert volunteer.time_balance == Decimal("2")
    assert not TimeBankEntry.objects.filter(kind="debit").exists()


@pytest.mark.django_db
def test_a_team_leader_may_not_record_redemptions(team_leader, team_a):
    with pytest.raises(PermissionDenied):
        services.timebank_redeem(
            volunteer=team_a[1][0], hours=Decimal("1"), description="x", on=D, by=team_leader
        )


@pytest.mark.django_db
def test_the_database_refuses_a_negative_balance_even_bypassing_the_service(district_a):
    volunteer = VolunteerFactory(cadre__unit=district_a)
    with pytest.raises(IntegrityError):
        Volunteer.objects.filter(pk=volunteer.pk).update(time_balance=Decimal("-0.5"))


@pytest.mark.django_db
def test_statement_lists_every_credit_and_debit_in_order(client, staff_a, team_a):
    volunteer = _credited(team_a[1][0], staff_a, "4")
    services.timebank_redeem(
        volunteer=volunteer, hours=Decimal("1.5"), description="送餐", on=D, by=staff_a
    )
    client.force_login(staff_a)
    response = client.get(reverse("volunteers:volunteer_detail", args=[volunteer.pk]))
    lines = [(e.kind, e.hours, e.balance_after) for e in response.context["statement"]]
    assert lines == [
        ("credit", Decimal("4"), Decimal("4")),
        ("debit", Decimal("1.5"), Decimal("2.5")),
    ]


@pytest.mark.django_db
def test_redeem_page_shows_insufficient_balance_in_chinese(client, staff_a, team_a):
    volunteer = team_a[1][0]
    client.force_login(staff_a)
    response = client.post(
        reverse("volunteers:volunteer_redeem", args=[volunteer.pk]),
        {"hours": "1", "description": "理发", "on": "2026-06-01"},
    )
    assert "余额不足" in response.content.decode()


@pytest.mark.django_db
def test_redeem_page_is_forbidden_to_team_leaders(client, team_leader, team_a):
    client.force_login(team_leader)
    response = client.get(reverse("volunteers:volunteer_redeem", args=[team_a[1][0].pk]))
    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_redemptions_never_overdraw_the_balance(district_a):
    from tests.factories import UserFactory

    from .factories import team_with_members

    staff = UserFactory(role="district_staff", unit=district_a)
    team, members = team_with_members(district_a, n=1)
    volunteer = _credited(members[0], staff, "3")
    barrier = threading.Barrier(2)
    outcomes = []

    def redeem():
        try:
            barrier.wait(timeout=10)
            services.timebank_redeem(
                volunteer=Volunteer.objects.get(pk=volunteer.pk),
                hours=Decimal("2"),
                description="家政服务",
                on=D,
                by=staff,
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=redeem) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    volunteer.refresh_from_db()
    assert sorted(outcomes) == ["ok", "refused"]
    assert volunteer.time_balance == Decimal("1")
    assert TimeBankEntry.objects.filter(kind="debit").count() == 1
