from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.branches.models import DuesRate, DuesRecord
from apps.branches.services import dues_generate_month, dues_pay, dues_standard

from .factories import MembershipFactory


@pytest.mark.parametrize(
    ("pension", "expected"),
    [("4000.00", "20.00"), ("5000.00", "25.00"), ("6000.00", "60.00"), ("0", "0.00")],
)
def test_dues_standard_follows_the_rate_table(db, pension, expected):
    assert dues_standard(pension=Decimal(pension)) == Decimal(expected)


def test_a_changed_rate_row_changes_the_standard(db):
    DuesRate.objects.filter(above=Decimal("5000")).update(rate=Decimal("0.0200"))
    assert dues_standard(pension=Decimal("6000")) == Decimal("120.00")


def test_generating_the_month_twice_creates_records_once(branch):
    MembershipFactory(branch=branch, pension=Decimal("6000"))
    MembershipFactory(branch=branch, pension=Decimal("3000"))
    assert dues_generate_month(on=date(2026, 11, 5)) == 2
    assert dues_generate_month(on=date(2026, 11, 6)) == 0
    amounts = sorted(DuesRecord.objects.values_list("amount", flat=True))
    assert amounts == [Decimal("15.00"), Decimal("60.00")]


def test_paying_six_months_in_advance_is_accepted(branch, secretary):
    m = MembershipFactory(branch=branch, pension=Decimal("4000"))
    months = [date(2026, month, 1) for month in range(11, 13)] + [
        date(2027, month, 1) for month in range(1, 6)
    ]
    dues_pay(
        branch=branch, cadre_id=m.cadre_id, months=months, paid_on=date(2026, 11, 5), by=secretary
    )
    assert DuesRecord.objects.filter(paid_on=date(2026, 11, 5)).count() == 7


def test_paying_seven_months_in_arrears_is_refused_and_nothing_saved(branch, secretary):
    m = MembershipFactory(branch=branch, pension=Decimal("4000"))
    with pytest.raises(ValidationError, match="超出可预交或补交的范围"):
        dues_pay(
            branch=branch,
            cadre_id=m.cadre_id,
            months=[date(2026, 4, 1), date(2026, 10, 1)],
            paid_on=date(2026, 11, 5),
            by=secretary,
        )
    assert not DuesRecord.objects.exists()


def test_a_month_cannot_be_paid_twice(branch, secretary):
    m = MembershipFactory(branch=branch, pension=Decimal("4000"))
    dues_pay(
        branch=branch,
        cadre_id=m.cadre_id,
        months=[date(2026, 11, 1)],
        paid_on=date(2026, 11, 5),
        by=secretary,
    )
    with pytest.raises(ValidationError, match="已缴纳"):
        dues_pay(
            branch=branch,
            cadre_id=m.cadre_id,
            months=[date(2026, 11, 1)],
            paid_on=date(2026, 11, 6),
            by=secretary,
        )


def test_collection_list_shows_who_has_not_paid(client, secretary, branch):
    paid = MembershipFactory(branch=branch, pension=Decimal("4000"))
    MembershipFactory(branch=branch, pension=Decimal("4000"))
    dues_pay(
        branch=branch,
        cadre_id=paid.cadre_id,
        months=[date(2026, 11, 1)],
        paid_on=date(2026, 11, 5),
        by=secretary,
    )
    client.force_login(secretary)
    response = client.get(reverse("branches:dues", args=[branch.pk]) + "?month=2026-11")
    assert response.context["unpaid"] == 1


def test_secretary_records_a_payment_through_the_form(client, secretary, branch):
    m = MembershipFactory(branch=branch, pension=Decimal("8000"))
    client.force_login(secretary)
    client.post(
        reverse("branches:dues", args=[branch.pk]) + "?month=2026-11",
        {"cadre": m.cadre_id, "months": ["2026-11", "2026-12"], "paid_on": "2026-11-05"},
    )
    assert (
        sorted(DuesRecord.objects.values_list("paid_amount", flat=True)) == [Decimal("80.00")] * 2
    )


def test_dues_of_another_branch_are_404(client, secretary, branch, other_branch):
    client.force_login(secretary)
    assert client.get(reverse("branches:dues", args=[other_branch.pk])).status_code == 404


def test_collection_list_queries_are_bounded(
    client, secretary, branch, django_assert_max_num_queries
):
    for _ in range(15):
        MembershipFactory(branch=branch, pension=Decimal("4000"))
    dues_generate_month(on=date(2026, 11, 1))
    client.force_login(secretary)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("branches:dues", args=[branch.pk]) + "?month=2026-11")
    assert len(response.context["rows"]) == 15


def test_leadership_gets_403_for_the_dues_list(client, leader, branch):
    client.force_login(leader)
    assert client.get(reverse("branches:dues", args=[branch.pk])).status_code == 403
