"""Subsidy reminders through the shared reminder interface: each once per occurrence."""

from datetime import date
from decimal import Decimal

import pytest

from apps.notifications.models import Reminder
from apps.subsidies.services import (
    batch_approve,
    batch_generate,
    batch_mark_paid,
    batch_submit,
    subsidies_remind,
)
from tests.factories import CadreFactory

from .factories import EntitlementFactory, seed_subsidy_data

pytestmark = pytest.mark.django_db

ON = date(2026, 11, 10)


@pytest.fixture(autouse=True)
def _types(db):
    seed_subsidy_data()


def test_turning_80_creates_the_eligibility_reminder_once(district_a, staff_a):
    cadre = CadreFactory(unit=district_a, birth_date=date(1946, 11, 20))
    assert subsidies_remind(on=ON) == 1
    assert subsidies_remind(on=date(2026, 11, 11)) == 0
    reminder = Reminder.objects.get(kind="subsidy_eligible")
    assert reminder.recipient == staff_a
    assert reminder.target == cadre
    assert "2026年12月起可享受高龄补贴" in reminder.subject


def test_no_eligibility_reminder_when_already_entitled(district_a, staff_a):
    from apps.subsidies.models import SubsidyType

    entitlement = EntitlementFactory(
        cadre__unit=district_a,
        cadre__birth_date=date(1946, 11, 20),
        subsidy_type=SubsidyType.objects.get(code="longevity"),
        starts_on=date(2026, 12, 1),
    )
    assert entitlement.pk
    subsidies_remind(on=ON)
    assert not Reminder.objects.filter(kind="subsidy_eligible").exists()


def test_turning_90_reminds_the_higher_standard(district_a, staff_a):
    CadreFactory(unit=district_a, birth_date=date(1936, 11, 20))
    subsidies_remind(on=ON)
    assert "调整为300.00元/月" in Reminder.objects.get(kind="subsidy_eligible").subject


def test_a_deceased_cadre_reminder_lists_months_paid_after_death(district_a, staff_a, bureau_staff):
    entitlement = EntitlementFactory(cadre__unit=district_a, monthly_amount=Decimal("300.00"))
    for month in (date(2026, 10, 1), date(2026, 11, 1)):
        batch, _ = batch_generate(month=month)
        batch_submit(batch=batch, by=staff_a)
        batch_approve(batch=batch, by=bureau_staff)
        batch_mark_paid(batch=batch, by=bureau_staff)
    cadre = entitlement.cadre
    cadre.status, cadre.deceased_on = "deceased", date(2026, 9, 20)
    cadre.save()
    subsidies_remind(on=ON)
    reminder = Reminder.objects.get(kind="subsidy_deceased")
    assert "自2026年10月起停发" in reminder.subject
    assert "已发2笔共600.00元需追回" in reminder.subject
    assert "2026年10月" in reminder.body and "2026年11月" in reminder.body
    assert subsidies_remind(on=ON) == 0


def test_an_entitlement_ending_within_30_days_reminds_once(district_a, staff_a):
    EntitlementFactory(cadre__unit=district_a, ends_on=date(2026, 12, 1))
    EntitlementFactory(cadre__unit=district_a, ends_on=date(2027, 3, 1))
    subsidies_remind(on=ON)
    subsidies_remind(on=ON)
    assert Reminder.objects.filter(kind="entitlement_ending").count() == 1


def test_a_draft_batch_reminds_the_city_bureau_to_review(district_a, bureau_staff, staff_a):
    batch, _ = batch_generate(month=date(2026, 12, 1))
    subsidies_remind(on=ON)
    reminder = Reminder.objects.get(kind="subsidy_batch_draft")
    assert reminder.recipient == bureau_staff
    assert reminder.target == batch


def test_the_batch_due_reminder_comes_before_the_batch_day(bureau_staff, settings):
    settings.SUBSIDY_BATCH_DAY = 20
    subsidies_remind(on=date(2026, 11, 16))
    assert not Reminder.objects.filter(kind="subsidy_batch_due").exists()
    subsidies_remind(on=date(2026, 11, 17))
    subsidies_remind(on=date(2026, 11, 18))
    assert Reminder.objects.filter(kind="subsidy_batch_due").count() == 1
