"""Writes on subsidies: entitlements, bank accounts, monthly batches and their payments.

A batch's payments are made set-based (one INSERT … SELECT per step) and identified by the
partial unique constraint on (entitlement, month): generating a month again, or in two workers
at once, inserts only what is missing. The batch row is locked (select_for_update) while its
list changes, so a state change and a regeneration never interleave.
"""

import logging
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from apps.cadres.models import Cadre
from apps.core.dates import add_months

from ..models import (
    CadreBankAccount,
    Entitlement,
    EntitlementAmount,
    Payment,
    PaymentBatch,
    SubsidyAgeBand,
    SubsidyType,
    month_label,
    month_start,
)

logger = logging.getLogger(__name__)

Status = PaymentBatch.Status


def batch_day() -> int:
    return settings.SUBSIDY_BATCH_DAY


def eligible_from(*, cadre: Cadre, subsidy_type: SubsidyType) -> date | None:
    """First month an age-rule type may be paid to `cadre` (None for case-by-case types)."""
    if subsidy_type.rule != SubsidyType.Rule.AGE:
        return None
    low = subsidy_type.age_bands.order_by("min_age").values_list("min_age", flat=True).first()
    if low is None:
        return None
    born = month_start(cadre.birth_date)
    return add_months(born, low * 12 + subsidy_type.start_offset_months)


def standard_amount(*, cadre: Cadre, subsidy_type: SubsidyType, month: date) -> Decimal | None:
    """The type's standard monthly amount for `cadre` in `month` (age band or flat)."""
    if subsidy_type.rule == SubsidyType.Rule.AGE:
        age = cadre.age_on(month)
        band = (
            SubsidyAgeBand.objects.filter(subsidy_type=subsidy_type, min_age__lte=age)
            .order_by("-min_age")
            .first()
        )
        return band.monthly_amount if band else None
    return subsidy_type.standard_amount


def _frozen_months(entitlement: Entitlement) -> list[date]:
    return list(
        Payment.objects.filter(entitlement=entitlement)
        .exclude(batch__status=Status.DRAFT)
        .values_list("month", flat=True)
    )


def _check_cadre(cadre: Cadre, subsidy_type: SubsidyType, starts_on: date) -> None:
    if cadre.deceased_on and starts_on > month_start(cadre.deceased_on):
        raise ValidationError(
            f"{cadre.name}已于{cadre.deceased_on:%Y年%m月%d日}去世，"
            f"{month_label(starts_on)}起不能享受补贴。"
        )
    if subsidy_type.retirement_kind and cadre.retirement_kind != subsidy_type.retirement_kind:
        kind = Cadre.RetirementKind(subsidy_type.retirement_kind).label
        raise ValidationError(f"{subsidy_type.name}仅限{kind}干部享受。")
    first = eligible_from(cadre=cadre, subsidy_type=subsidy_type)
    if first and starts_on < first:
        raise ValidationError(
            {"starts_on": f"{cadre.name}自{month_label(first)}起才符合{subsidy_type.name}条件。"}
        )


def _save(obj) -> None:
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        if "entitlement_no_overlap" in str(error):
            raise ValidationError("该干部同一补贴类型的享受期间与已有资格重叠。") from error
        raise


@transaction.atomic
def entitlement_create(
    *,
    cadre: Cadre,
    subsidy_type: SubsidyType,
    monthly_amount: Decimal,
    starts_on: date,
    ends_on: date | None = None,
    approved_by=None,
    approval_number: str = "",
    approved_on: date | None = None,
    notes: str = "",
) -> Entitlement:
    # Lock the cadre: two clerks entering the same entitlement queue up here; the exclusion
    # constraint is the backstop for any other write path.
    cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
    entitlement = Entitlement(
        cadre=cadre,
        subsidy_type=subsidy_type,
        monthly_amount=monthly_amount,
        starts_on=month_start(starts_on),
        ends_on=month_start(ends_on),
        approved_by=approved_by,
        approval_number=approval_number,
        approved_on=approved_on or timezone.localdate(),
        notes=notes,
    )
    entitlement.full_clean()
    _check_cadre(cadre, subsidy_type, entitlement.starts_on)
    entitlement._history_user = approved_by
    _save(entitlement)
    EntitlementAmount.objects.create(
        entitlement=entitlement,
        effective_from=entitlement.starts_on,
        monthly_amount=entitlement.monthly_amount,
        approval_number=approval_number,
        changed_by=approved_by,
        reason="核定",
    )
    logger.info("entitlement %s created for cadre %s", entitlement.pk, cadre.pk)
    return entitlement


@transaction.atomic
def entitlement_change_amount(
    *,
    entitlement: Entitlement,
    effective_from: date,
    monthly_amount: Decimal,
    by,
    reason: str = "",
    approval_number: str = "",
) -> EntitlementAmount:
    """A new amount from `effective_from` on; months already in a frozen batch keep theirs."""
    entitlement = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
    month = month_start(effective_from)
    if not entitlement.covers(month):
        raise ValidationError({"effective_from": "生效月份须在享受期间内。"})
    frozen = [m for m in _frozen_months(entitlement) if m >= month]
    if frozen:
        raise ValidationError(
            {
                "effective_from": f"{month_label(max(frozen))}的发放批次已审批，"
                f"调整最早从{month_label(add_months(max(frozen), 1))}起生效。"
            }
        )
    row = EntitlementAmount.objects.filter(entitlement=entitlement, effective_from=month).first()
    row = row or EntitlementAmount(entitlement=entitlement, effective_from=month)
    row.monthly_amount, row.reason, row.approval_number = monthly_amount, reason, approval_number
    row.changed_by = by
    row.full_clean()
    row.save()
    latest = entitlement.amounts.order_by("-effective_from").first()
    entitlement.monthly_amount = latest.monthly_amount
    entitlement._history_user = by
    entitlement.save(update_fields=["monthly_amount"])
    return row


@transaction.atomic
def entitlement_end(*, entitlement: Entitlement, ends_on: date, by) -> Entitlement:
    entitlement = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
    month = month_start(ends_on)
    if month < entitlement.starts_on:
        raise ValidationError({"ends_on": "终止月份不能早于起始月份。"})
    frozen = [m for m in _frozen_months(entitlement) if m > month]
    if frozen:
        raise ValidationError(
            {"ends_on": f"{month_label(max(frozen))}已列入审批后的发放批次，终止月份不能早于该月。"}
        )
    entitlement.ends_on = month
    entitlement._history_user = by
    entitlement.full_clean()
    _save(entitlement)
    return entitlement


@transaction.atomic
def bank_account_set(
    *, cadre: Cadre, bank_name: str, account_name: str, account_number: str, by
) -> CadreBankAccount:
    """Set the payout account; the change is kept in its history with who made it. Rows of
    draft batches take the new account at the next regeneration; frozen ones keep theirs."""
    account = CadreBankAccount.objects.filter(cadre=cadre).first() or CadreBankAccount(cadre=cadre)
    account.bank_name, account.account_name = bank_name, account_name
    account.account_number = account_number
    account.full_clean()
    account._history_user = by
    account.save()
    logger.info("bank account of cadre %s changed by %s", cadre.pk, getattr(by, "pk", None))
    return account


# -- batches ---------------------------------------------------------------------------------

_ELIGIBLE = """
    e.starts_on <= %(month)s AND (e.ends_on IS NULL OR e.ends_on >= %(month)s)
    AND (c.deceased_on IS NULL OR c.deceased_on >= %(month)s)
    AND (c.left_on IS NULL OR c.left_on >= %(month)s)
    AND (t.rule <> 'age' OR (
        date_trunc('month', c.birth_date)
        + make_interval(months => t.start_offset_months + 12 * (
            SELECT min(b.min_age) FROM services_subsidyageband b
            WHERE b.subsidy_type_id = t.id))
    )::date <= %(month)s)
"""

_AMOUNT = """
    JOIN LATERAL (
        SELECT x.monthly_amount FROM services_entitlementamount x
        WHERE x.entitlement_id = e.id AND x.effective_from <= %(month)s
        ORDER BY x.effective_from DESC LIMIT 1
    ) a ON true
"""

# NOT IN (subquery) runs once as a hashed subplan. An anti-join planned while the table is
# still empty became a nested loop re-scanning the heap this very statement fills: quadratic.
_INSERT = f"""
    INSERT INTO services_payment (batch_id, entitlement_id, cadre_id, subsidy_type_id, unit_id,
        month, amount, bank_name, account_number, status, failed_reason, created_at)
    SELECT %(batch)s, e.id, e.cadre_id, e.subsidy_type_id, c.unit_id, %(month)s,
        a.monthly_amount, COALESCE(k.bank_name, ''), COALESCE(k.account_number, ''),
        'pending', '', now()
    FROM services_entitlement e
    JOIN cadres_cadre c ON c.id = e.cadre_id
    JOIN services_subsidytype t ON t.id = e.subsidy_type_id
    {_AMOUNT}
    LEFT JOIN services_cadrebankaccount k ON k.cadre_id = e.cadre_id
    WHERE {_ELIGIBLE}
      AND e.id NOT IN (
        SELECT p.entitlement_id FROM services_payment p
        WHERE p.month = %(month)s AND p.status <> 'failed')
    ON CONFLICT DO NOTHING
"""  # noqa: S608 - constant fragments, values as parameters

# Re-check a draft's own rows: a cadre who died, an entitlement ended, an amount changed or an
# account changed since the last run.
_DROP = f"""
    DELETE FROM services_payment p
    USING services_entitlement e, cadres_cadre c, services_subsidytype t
    WHERE p.batch_id = %(batch)s AND p.carried_from_id IS NULL AND p.status = 'pending'
      AND e.id = p.entitlement_id AND c.id = e.cadre_id AND t.id = e.subsidy_type_id
      AND NOT ({_ELIGIBLE})
"""  # noqa: S608 - constant fragments, values as parameters

_REFRESH = f"""
    UPDATE services_payment p
    SET amount = s.monthly_amount, bank_name = s.bank_name, account_number = s.account_number,
        unit_id = s.unit_id
    FROM (
        SELECT e.id AS entitlement_id, a.monthly_amount, c.unit_id,
               COALESCE(k.bank_name, '') AS bank_name,
               COALESCE(k.account_number, '') AS account_number
        FROM services_entitlement e
        JOIN cadres_cadre c ON c.id = e.cadre_id
        {_AMOUNT}
        LEFT JOIN services_cadrebankaccount k ON k.cadre_id = e.cadre_id
        WHERE e.id IN (SELECT entitlement_id FROM services_payment WHERE batch_id = %(batch)s)
    ) s
    WHERE p.batch_id = %(batch)s AND p.carried_from_id IS NULL AND p.status = 'pending'
      AND p.entitlement_id = s.entitlement_id
      AND (p.amount, p.bank_name, p.account_number, p.unit_id)
          IS DISTINCT FROM (s.monthly_amount, s.bank_name, s.account_number, s.unit_id)
"""  # noqa: S608 - constant fragments, values as parameters

# Bank returns of earlier batches, paid again in this one (once: carried_from is one-to-one),
# unless the cadre had died before that month.
_CARRY = """
    INSERT INTO services_payment (batch_id, entitlement_id, cadre_id, subsidy_type_id, unit_id,
        month, amount, bank_name, account_number, status, failed_reason, carried_from_id,
        created_at)
    SELECT %(batch)s, f.entitlement_id, f.cadre_id, f.subsidy_type_id, f.unit_id, f.month,
        f.amount, COALESCE(k.bank_name, ''), COALESCE(k.account_number, ''), 'pending', '',
        f.id, now()
    FROM services_payment f
    JOIN cadres_cadre c ON c.id = f.cadre_id
    LEFT JOIN services_cadrebankaccount k ON k.cadre_id = f.cadre_id
    WHERE f.status = 'failed' AND f.batch_id <> %(batch)s
      AND f.id NOT IN (
        SELECT n.carried_from_id FROM services_payment n WHERE n.carried_from_id IS NOT NULL)
      AND (c.deceased_on IS NULL OR c.deceased_on >= f.month)
    ON CONFLICT DO NOTHING
"""


def _refresh(batch: PaymentBatch) -> int:
    params = {"batch": batch.pk, "month": batch.month}
    with connection.cursor() as cursor:
        cursor.execute(_DROP, params)
        dropped = cursor.rowcount
        cursor.execute(_REFRESH, params)
        cursor.execute(_INSERT, params)
        created = max(cursor.rowcount, 0)
        cursor.execute(_CARRY, params)
        carried = max(cursor.rowcount, 0)
    batch.generated_at = timezone.now()
    batch.save(update_fields=["generated_at"])
    logger.info(
        "subsidy batch %s: %s new, %s carried, %s dropped",
        month_label(batch.month),
        created,
        carried,
        dropped,
    )
    return created + carried


def batch_generate(*, month: date) -> tuple[PaymentBatch, int]:
    """The month's batch with every payment due in it; a draft is brought up to date, a frozen
    one is left alone. Returns the batch and how many payments were new."""
    month = month_start(month)
    with transaction.atomic():
        batch, _ = PaymentBatch.objects.get_or_create(month=month)
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.is_frozen:
            return batch, 0
        return batch, _refresh(batch)


def batch_create(*, month: date) -> PaymentBatch:
    """A staff request to generate a month: refused when the month already has a batch."""
    month = month_start(month)
    if PaymentBatch.objects.filter(month=month).exists():
        raise ValidationError(f"{month_label(month)}的发放批次已存在，不能重复生成。")
    batch, _ = batch_generate(month=month)
    return batch


def batch_recheck(*, batch: PaymentBatch) -> int:
    with transaction.atomic():
        batch = _locked(batch, Status.DRAFT, "只有草稿批次可以重新核对名单。")
        return _refresh(batch)


def subsidy_batches_generate(*, on: date) -> int:
    """Daily job: from the configured day on, the coming month's batch is generated (and kept
    up to date while it is a draft)."""
    if on.day < batch_day():
        return 0
    _, created = batch_generate(month=add_months(month_start(on), 1))
    return created


def _locked(batch: PaymentBatch, expected: str, message: str) -> PaymentBatch:
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == Status.PAID:
        raise ValidationError(f"{batch}已发放并锁定，不能再做任何修改。")
    if batch.status != expected:
        raise ValidationError(message)
    return batch


# 四眼原则 (four eyes) on a batch, enforced here and not only by hiding buttons:
#   - whoever submitted a batch may not approve it (submit ≠ approve);
#   - whoever submitted a batch may not confirm it paid either: the approver, or any third
#     batch manager, confirms the payment (mark-paid ≠ submit; approver may mark paid);
#   - returning a batch for changes (退回) is open to any batch manager.
# A batch returned and submitted again counts its latest submitter. Every state change is kept
# in the batch's history (who, when), and superusers obey the same rule.
SAME_SUBMITTER_APPROVE = "四眼原则：提交人不能审批自己提交的批次，请由另一位工作人员审批。"
SAME_SUBMITTER_PAID = (
    "四眼原则：提交人不能确认自己提交的批次已发放，请由审批人或另一位工作人员确认。"
)


@transaction.atomic
def batch_submit(*, batch: PaymentBatch, by) -> PaymentBatch:
    batch = _locked(batch, Status.DRAFT, "只有草稿批次可以提交审批。")
    if not batch.payments.exists():
        raise ValidationError("批次中没有发放明细，不能提交。")
    _refresh(batch)
    batch.status, batch.submitted_by, batch.submitted_at = Status.SUBMITTED, by, timezone.now()
    batch._history_user = by
    batch.save(update_fields=["status", "submitted_by", "submitted_at"])
    return batch


@transaction.atomic
def batch_return(*, batch: PaymentBatch, by, notes: str = "") -> PaymentBatch:
    batch = _locked(batch, Status.SUBMITTED, "只有待审批的批次可以退回。")
    batch.status, batch.notes = Status.DRAFT, notes or batch.notes
    batch._history_user = by
    batch.save(update_fields=["status", "notes"])
    return batch


@transaction.atomic
def batch_approve(*, batch: PaymentBatch, by) -> PaymentBatch:
    batch = _locked(batch, Status.SUBMITTED, "只有待审批的批次可以审批。")
    if batch.submitted_by_id is not None and batch.submitted_by_id == by.pk:
        raise ValidationError(SAME_SUBMITTER_APPROVE, code="four_eyes")
    batch.status, batch.approved_by, batch.approved_at = Status.APPROVED, by, timezone.now()
    batch._history_user = by
    batch.save(update_fields=["status", "approved_by", "approved_at"])
    return batch


@transaction.atomic
def batch_mark_paid(*, batch: PaymentBatch, by) -> PaymentBatch:
    batch = _locked(batch, Status.APPROVED, "只有已审批的批次可以确认发放。")
    if batch.submitted_by_id is not None and batch.submitted_by_id == by.pk:
        raise ValidationError(SAME_SUBMITTER_PAID, code="four_eyes")
    batch.payments.filter(status=Payment.Status.PENDING).update(status=Payment.Status.PAID)
    batch.status, batch.paid_by, batch.paid_at = Status.PAID, by, timezone.now()
    batch._history_user = by
    batch.save(update_fields=["status", "paid_by", "paid_at"])
    return batch


@transaction.atomic
def payment_mark_failed(*, payment: Payment, reason: str, by) -> Payment:
    """A bank return (退票) on an approved batch, before it is confirmed paid; the row is paid
    again in the next draft batch."""
    _locked(payment.batch, Status.APPROVED, "只有已审批、未确认发放的批次可以登记退票。")
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != Payment.Status.PENDING:
        raise ValidationError("该笔发放已登记为失败。")
    if not reason.strip():
        raise ValidationError({"failed_reason": "请填写失败原因（如账号错误、账户已销户）。"})
    payment.status, payment.failed_reason = Payment.Status.FAILED, reason.strip()
    payment.save(update_fields=["status", "failed_reason"])
    logger.info("payment %s marked failed by %s", payment.pk, getattr(by, "pk", None))
    return payment
