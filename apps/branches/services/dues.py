from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_update_with_history

from apps.core.dates import month_start, months_between

from ..models import DuesRate, DuesRecord, Membership, PartyBranch

MAX_MONTHS_AHEAD_OR_BEHIND = 6
CENT = Decimal("0.01")


def dues_standard(*, pension: Decimal | None, rates: list[DuesRate] | None = None) -> Decimal:
    """Monthly dues from the monthly pension by the rate table (the bracket's rate applies to
    the whole pension, as the 党费 rules say)."""
    if not pension or pension <= 0:
        return Decimal("0.00")
    rates = rates if rates is not None else list(DuesRate.objects.order_by("above"))
    applicable = [r for r in rates if r.above < pension]
    if not applicable:
        return Decimal("0.00")
    return (pension * applicable[-1].rate).quantize(CENT, rounding=ROUND_HALF_UP)


def dues_generate_month(*, on: date) -> int:
    """Create the month's unpaid dues record for every active member that has none yet."""
    month = month_start(on)
    rates = list(DuesRate.objects.order_by("above"))
    rows = [
        DuesRecord(
            branch_id=branch_id,
            cadre_id=cadre_id,
            month=month,
            base=pension,
            amount=dues_standard(pension=pension, rates=rates),
        )
        for branch_id, cadre_id, pension in Membership.objects.active()
        .filter(joined_on__lte=on)
        .values_list("branch_id", "cadre_id", "pension")
        .iterator(chunk_size=5000)
    ]
    before = DuesRecord.objects.filter(month=month).count()
    DuesRecord.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return DuesRecord.objects.filter(month=month).count() - before


@transaction.atomic
def dues_pay(
    *, branch: PartyBranch, cadre_id: int, months: list[date], paid_on: date, by
) -> list[DuesRecord]:
    """Mark `months` paid on `paid_on`: at most 6 months in advance (预交) or in arrears (补交)."""
    if not months:
        raise ValidationError("请选择缴纳的月份。")
    membership = Membership.objects.active().filter(branch=branch, cadre_id=cadre_id).first()
    if membership is None:
        raise ValidationError("该党员不是本支部在册党员。")
    months = sorted({month_start(m) for m in months})
    today_month = month_start(paid_on)
    for m in months:
        if abs(months_between(today_month, m)) > MAX_MONTHS_AHEAD_OR_BEHIND:
            raise ValidationError(
                f"{m:%Y年%m月}超出可预交或补交的范围（前后 {MAX_MONTHS_AHEAD_OR_BEHIND} 个月）。"
            )
    rates = list(DuesRate.objects.order_by("above"))
    standard = dues_standard(pension=membership.pension, rates=rates)
    DuesRecord.objects.bulk_create(
        [
            DuesRecord(
                branch=branch,
                cadre_id=cadre_id,
                month=m,
                base=membership.pension,
                amount=standard,
            )
            for m in months
        ],
        ignore_conflicts=True,
    )
    # Locked: two collectors marking the same month at once must not both succeed.
    records = list(
        DuesRecord.objects.select_for_update().filter(cadre_id=cadre_id, month__in=months)
    )
    paid = [r for r in records if r.paid_on is not None]
    if paid:
        listed = "、".join(f"{r.month:%Y年%m月}" for r in paid)
        raise ValidationError(f"{listed}已缴纳，不能重复收缴。")
    for record in records:
        record.paid_on, record.paid_amount, record.recorded_by = paid_on, record.amount, by
        record.branch = branch
    # With a history row per month (who collected it): dues are money, kept like visits.
    bulk_update_with_history(
        records,
        DuesRecord,
        ["paid_on", "paid_amount", "recorded_by", "branch"],
        default_user=by,
        default_change_reason="收缴党费",
    )
    return records
