"""时间银行. The balance lives on Volunteer and changes only here, with the volunteer's row locked
(select_for_update) for the whole transaction, so two redemptions are serialised and the second
sees the first one's debit. The CheckConstraint on Volunteer.time_balance is the backstop."""

import logging
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ..models import ServiceRecord, TimeBankEntry, Volunteer

logger = logging.getLogger(__name__)


def _may_keep_ledger(user) -> bool:
    return bool(user is not None and (user.is_superuser or user.is_staff_role))


def timebank_credit_records(*, records: Sequence[ServiceRecord], on: date, by=None) -> int:
    """Credit confirmed records not yet credited; returns how many were credited."""
    with transaction.atomic():
        confirmed = [r for r in records if r.status == ServiceRecord.Status.CONFIRMED]
        if not confirmed:
            return 0
        # Lock in pk order: two transactions crediting overlapping volunteers never deadlock.
        locked = {
            v.pk: v
            for v in Volunteer.objects.select_for_update()
            .filter(pk__in={r.volunteer_id for r in confirmed})
            .order_by("pk")
        }
        done = set(
            TimeBankEntry.objects.filter(record__in=confirmed).values_list("record_id", flat=True)
        )
        entries = []
        for record in sorted(confirmed, key=lambda r: r.pk):
            if record.pk in done:
                continue
            volunteer = locked[record.volunteer_id]
            volunteer.time_balance += record.hours
            entries.append(
                TimeBankEntry(
                    volunteer=volunteer,
                    kind=TimeBankEntry.Kind.CREDIT,
                    hours=record.hours,
                    balance_after=volunteer.time_balance,
                    on=on,
                    record=record,
                    description=f"志愿服务：{record.activity.title}"[:200],
                    recorded_by=by,
                )
            )
        TimeBankEntry.objects.bulk_create(entries)
        Volunteer.objects.bulk_update(list(locked.values()), ["time_balance"])
    return len(entries)


def timebank_redeem(
    *, volunteer: Volunteer, hours: Decimal, description: str, on: date, by
) -> TimeBankEntry:
    """Staff record a service the volunteer received, paid in banked hours."""
    if not _may_keep_ledger(by):
        raise PermissionDenied("只有工作人员可以登记时间银行兑换。")
    hours = Decimal(hours)
    if hours <= 0:
        raise ValidationError({"hours": "兑换时长须大于 0。"})
    if hours != hours.quantize(Decimal("0.1")):
        raise ValidationError({"hours": "兑换时长最多保留一位小数。"})
    if not description.strip():
        raise ValidationError({"description": "请填写兑换的服务内容。"})
    with transaction.atomic():
        locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if locked.time_balance < hours:
            raise ValidationError(
                {"hours": f"余额不足：当前余额 {locked.time_balance} 小时，不能兑换 {hours} 小时。"}
            )
        locked.time_balance -= hours
        locked.save(update_fields=["time_balance"])
        entry = TimeBankEntry(
            volunteer=locked,
            kind=TimeBankEntry.Kind.DEBIT,
            hours=hours,
            balance_after=locked.time_balance,
            on=on,
            description=description.strip()[:200],
            recorded_by=by,
        )
        entry.full_clean()
        entry.save()
    volunteer.time_balance = locked.time_balance
    logger.info("timebank: volunteer %s redeemed %s h by %s", volunteer.pk, hours, by.pk)
    return entry
