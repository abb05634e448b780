"""Subsidies: entitlements, batch generation, states, deceased cadres (services layer)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from apps.subsidies.models import (
    CadreBankAccount,
    Entitlement,
    EntitlementAmount,
    Payment,
    PaymentBatch,
)
from apps.subsidies.services import (
    bank_account_set,
    batch_approve,
    batch_create,
    batch_generate,
    batch_mark_paid,
    batch_submit,
    entitlement_change_amount,
    entitlement_create,
    entitlement_end,
    payment_mark_failed,
    subsidy_batches_generate,
)
from tests.factories import CadreFactory, UserFactory

from .factories import EntitlementFactory, subsidy_type

pytestmark = pytest.mark.django_db

DEC = date(2026, 12, 1)
NOV = date(2026, 11, 1)


def _paid_batch(month, by):
    """Submitted by `by`, approved and confirmed paid by a second person (四眼原则)."""
    approver = UserFactory(role="bureau_staff", unit=by.unit)
    batch, _ = batch_generate(month=month)
    batch_submit(batch=batch, by=by)
    batch_approve(batch=batch, by=approver)
    return batch_mark_paid(batch=batch, by=approver)


def test_entitlement_create_keeps_the_first_amount_as_history(district_a, staff_a):
    cadre = CadreFactory(unit=district_a)
    entitlement = entitlement_create(
        cadre=cadre,
        subsidy_type=subsidy_type("hardship"),
        monthly_amount=Decimal("300.00"),
        starts_on=date(2026, 3, 15),
        approved_by=staff_a,
        approval_number="老干〔2026〕1号",
    )
    assert entitlement.starts_on == date(2026, 3, 1)
    assert list(entitlement.amounts.values_list("effective_from", "monthly_amount")) == [
        (date(2026, 3, 1), Decimal("300.00"))
    ]


def test_overlapping_entitlements_of_one_type_are_refused(district_a, staff_a):
    cadre = CadreFactory(unit=district_a)
    kind = subsidy_type("hardship")
    entitlement_create(
        cadre=cadre,
        subsidy_type=kind,
        monthly_amount=Decimal("300"),
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 1),
    )
    with pytest.raises(ValidationError, match="重叠"):
        entitlement_create(
            cadre=cadre,
            subsidy_type=kind,
            monthly_amount=Decimal("200"),
            starts_on=date(2026, 6, 1),
        )
    assert Entitlement.objects.count() == 1


def test_the_database_refuses_overlaps_from_any_write_path(district_a):
    first = EntitlementFactory(cadre__unit=district_a, ends_on=None)
    with pytest.raises(Exception, match="entitlement_no_overlap"):
        Entitlement.objects.create(
            cadre=first.cadre,
            subsidy_type=first.subsidy_type,
            monthly_amount=Decimal("1"),
            starts_on=date(2030, 1, 1),
        )


def test_consecutive_entitlements_of_one_type_are_allowed(district_a):
    first = EntitlementFactory(cadre__unit=district_a, ends_on=date(2026, 5, 1))
    second = entitlement_create(
        cadre=first.cadre,
        subsidy_type=first.subsidy_type,
        monthly_amount=Decimal("350"),
        starts_on=date(2026, 6, 1),
    )
    assert second.pk


@pytest.mark.parametrize("amount", ["-1.00", "0", "12.345"])
def test_negative_zero_or_three_decimal_amounts_are_refused(district_a, amount):
    with pytest.raises(ValidationError) as error:
        entitlement_create(
            cadre=CadreFactory(unit=district_a),
            subsidy_type=subsidy_type("hardship"),
            monthly_amount=Decimal(amount),
            starts_on=date(2026, 1, 1),
        )
    assert "monthly_amount" in error.value.message_dict
    assert not Entitlement.objects.exists()


def test_an_entitlement_after_death_is_refused(district_a):
    cadre = CadreFactory(unit=district_a, status="deceased", deceased_on=date(2026, 10, 5))
    with pytest.raises(ValidationError, match="去世"):
        entitlement_create(
            cadre=cadre,
            subsidy_type=subsidy_type("hardship"),
            monthly_amount=Decimal("300"),
            starts_on=date(2026, 11, 1),
        )
    assert not Entitlement.objects.exists()


def test_longevity_subsidy_starts_the_month_after_the_80th_birthday(district_a):
    cadre = CadreFactory(unit=district_a, birth_date=date(1946, 11, 10))
    with pytest.raises(ValidationError, match="2026年12月"):
        entitlement_create(
            cadre=cadre,
            subsidy_type=subsidy_type("longevity"),
            monthly_amount=Decimal("100"),
            starts_on=NOV,
        )
    ok = entitlement_create(
        cadre=cadre,
        subsidy_type=subsidy_type("longevity"),
        monthly_amount=Decimal("100"),
        starts_on=DEC,
    )
    assert ok.starts_on == DEC


def test_nursing_fee_is_for_lixiu_cadres_only(district_a):
    with pytest.raises(ValidationError, match="仅限离休"):
        entitlement_create(
            cadre=CadreFactory(unit=district_a, retirement_kind="tuixiu"),
            subsidy_type=subsidy_type("nursing"),
            monthly_amount=Decimal("600"),
            starts_on=NOV,
        )


def test_batch_has_one_payment_per_entitlement_covering_the_month(district_a):
    EntitlementFactory.create_batch(3, cadre__unit=district_a)
    EntitlementFactory(cadre__unit=district_a, ends_on=date(2026, 10, 1))
    EntitlementFactory(cadre__unit=district_a, starts_on=date(2027, 1, 1))
    batch, created = batch_generate(month=DEC)
    assert created == 3
    assert batch.payments.count() == 3


def test_generating_a_batch_twice_creates_nothing_the_second_time(district_a):
    EntitlementFactory.create_batch(2, cadre__unit=district_a)
    batch_generate(month=DEC)
    batch, created = batch_generate(month=DEC)
    assert created == 0
    assert Payment.objects.count() == 2
    assert PaymentBatch.objects.count() == 1


def test_staff_asking_for_an_existing_month_get_a_clear_error(district_a):
    EntitlementFactory(cadre__unit=district_a)
    batch_create(month=DEC)
    with pytest.raises(ValidationError, match="已存在，不能重复生成"):
        batch_create(month=DEC)
    assert Payment.objects.count() == 1


def test_the_job_generates_the_coming_month_from_the_configured_day(district_a, settings):
    settings.SUBSIDY_BATCH_DAY = 20
    EntitlementFactory(cadre__unit=district_a)
    assert subsidy_batches_generate(on=date(2026, 11, 19)) == 0
    assert not PaymentBatch.objects.exists()
    assert subsidy_batches_generate(on=date(2026, 11, 20)) == 1
    assert subsidy_batches_generate(on=date(2026, 11, 21)) == 0
    assert PaymentBatch.objects.get().month == DEC


def test_amount_change_applies_from_its_month_and_keeps_the_old_one(district_a, staff_a):
    entitlement = EntitlementFactory(cadre__unit=district_a, monthly_amount=Decimal("300.00"))
    _paid_batch(NOV, staff_a)
    entitlement_change_amount(
        entitlement=entitlement, effective_from=DEC, monthly_amount=Decimal("450.50"), by=staff_a
    )
    batch_generate(month=DEC)
    amounts = dict(Payment.objects.values_list("month", "amount"))
    assert amounts == {NOV: Decimal("300.00"), DEC: Decimal("450.50")}
    entitlement.refresh_from_db()
    assert entitlement.monthly_amount == Decimal("450.50")


def test_amount_change_into_a_frozen_month_is_refused(district_a, staff_a):
    entitlement = EntitlementFactory(cadre__unit=district_a)
    _paid_batch(NOV, staff_a)
    with pytest.raises(ValidationError, match="已审批"):
        entitlement_change_amount(
            entitlement=entitlement, effective_from=NOV, monthly_amount=Decimal("1"), by=staff_a
        )
    assert EntitlementAmount.objects.count() == 1


def test_a_draft_batch_takes_a_changed_amount_when_regenerated(district_a, staff_a):
    entitlement = EntitlementFactory(cadre__unit=district_a, monthly_amount=Decimal("300.00"))
    batch_generate(month=DEC)
    entitlement_change_amount(
        entitlement=entitlement, effective_from=DEC, monthly_amount=Decimal("320.00"), by=staff_a
    )
    batch_generate(month=DEC)
    assert Payment.objects.get().amount == Decimal("320.00")


def test_death_mid_month_stops_payments_from_the_next_month(district_a):
    entitlement = EntitlementFactory(cadre__unit=district_a)
    cadre = entitlement.cadre
    cadre.status, cadre.deceased_on = "deceased", date(2026, 11, 15)
    cadre.save()
    batch_generate(month=NOV)
    batch_generate(month=DEC)
    assert list(Payment.objects.values_list("month", flat=True)) == [NOV]


def test_a_draft_drops_a_cadre_who_died_after_it_was_generated(district_a):
    entitlement = EntitlementFactory(cadre__unit=district_a)
    batch_generate(month=DEC)
    cadre = entitlement.cadre
    cadre.status, cadre.deceased_on = "deceased", date(2026, 11, 25)
    cadre.save()
    batch_generate(month=DEC)
    assert not Payment.objects.exists()


def test_an_approved_batch_keeps_its_list_frozen(district_a, staff_a):
    EntitlementFactory(cadre__unit=district_a)
    batch, _ = batch_generate(month=DEC)
    batch_submit(batch=batch, by=staff_a)
    EntitlementFactory(cadre__unit=district_a)
    _, created = batch_generate(month=DEC)
    assert created == 0
    assert batch.payments.count() == 1


def test_each_step_records_who_and_when(district_a, staff_a, bureau_staff):
    EntitlementFactory(cadre__unit=district_a)
    batch, _ = batch_generate(month=DEC)
    batch_submit(batch=batch, by=staff_a)
    batch_approve(batch=batch, by=bureau_staff)
    batch = batch_mark_paid(batch=batch, by=bureau_staff)
    assert (batch.submitted_by, batch.approved_by, batch.paid_by) == (
        staff_a,
        bureau_staff,
        bureau_staff,
    )
    assert batch.submitted_at <= batch.approved_at <= batch.paid_at
    assert set(Payment.objects.values_list("status", flat=True)) == {"paid"}


def test_a_paid_batch_refuses_being_marked_again(district_a, staff_a):
    EntitlementFactory(cadre__unit=district_a)
    batch = _paid_batch(DEC, staff_a)
    with pytest.raises(ValidationError, match="已发放并锁定"):
        batch_mark_paid(batch=batch, by=staff_a)
    with pytest.raises(ValidationError, match="已发放并锁定"):
        payment_mark_failed(payment=batch.payments.get(), reason="退票", by=staff_a)


def test_a_failed_payment_is_carried_into_the_next_batch_once(district_a, staff_a):
    entitlement = EntitlementFactory(cadre__unit=district_a)
    batch, _ = batch_generate(month=NOV)
    batch_submit(batch=batch, by=staff_a)
    approver = UserFactory(role="bureau_staff", unit=staff_a.unit)
    batch_approve(batch=batch, by=approver)
    failed = payment_mark_failed(payment=batch.payments.get(), reason="账户已销户", by=staff_a)
    batch_mark_paid(batch=batch, by=approver)
    bank_account_set(
        cadre=entitlement.cadre,
        bank_name="工商银行",
        account_name="张三",
        account_number="6222 0000 1111 2222",
        by=staff_a,
    )
    december, created = batch_generate(month=DEC)
    batch_generate(month=DEC)
    rows = december.payments.order_by("month")
    assert created == 2
    assert [(p.month, p.carried_from_id) for p in rows] == [(NOV, failed.pk), (DEC, None)]
    assert rows[0].account_number == "6222000011112222"


def test_batch_totals_equal_the_sum_of_rows_in_decimal(district_a, district_b, bureau_staff):
    EntitlementFactory(cadre__unit=district_a, monthly_amount=Decimal("0.10"))
    EntitlementFactory(cadre__unit=district_a, monthly_amount=Decimal("0.20"))
    EntitlementFactory(cadre__unit=district_b, monthly_amount=Decimal("1234.56"))
    from apps.subsidies.selectors import batch_totals

    batch, _ = batch_generate(month=DEC)
    totals = batch_totals(batch=batch, user=bureau_staff)
    assert totals["total"] == Decimal("1234.86")
    assert sum(row["total"] for row in totals["by_unit"]) == totals["total"]
    assert sum(row["total"] for row in totals["by_type"]) == totals["total"]
    assert Payment.objects.aggregate(s=Sum("amount"))["s"] == Decimal("1234.86")


def test_bank_account_changes_are_audited(district_a, staff_a):
    cadre = CadreFactory(unit=district_a)
    bank_account_set(
        cadre=cadre,
        bank_name="农业银行",
        account_name="甲",
        account_number="6228480000000001",
        by=staff_a,
    )
    bank_account_set(
        cadre=cadre,
        bank_name="农业银行",
        account_name="甲",
        account_number="6228480000000002",
        by=staff_a,
    )
    history = CadreBankAccount.history.filter(cadre=cadre).order_by("history_date")
    assert [h.account_number for h in history] == ["6228480000000001", "6228480000000002"]
    assert {h.history_user for h in history} == {staff_a}


def test_ending_an_entitlement_before_a_frozen_month_is_refused(district_a, staff_a):
    entitlement = EntitlementFactory(cadre__unit=district_a)
    _paid_batch(DEC, staff_a)
    with pytest.raises(ValidationError, match="终止月份不能早于该月"):
        entitlement_end(entitlement=entitlement, ends_on=NOV, by=staff_a)


@pytest.mark.django_db(transaction=True)
def test_two_workers_generating_at_once_make_each_payment_once(district_a):
    EntitlementFactory.create_batch(20, cadre__unit=district_a)
    results, errors = [], []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            results.append(batch_generate(month=DEC)[1])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [0, 20]
    assert Payment.objects.count() == 20
    assert PaymentBatch.objects.count() == 1
