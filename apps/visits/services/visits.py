"""Writes on single visits: recording from a phone, cancelling, correcting done work.

A done visit is a record of work done (and of money given): recording it again is refused, and
the only way to change it is `visit_correct`, by staff, with a reason that history keeps next
to the before/after values."""

import logging
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.notifications.services import reminders_close

from ..models import Visit

logger = logging.getLogger(__name__)

ALREADY_DONE = (
    "该走访已登记完成，不能重复登记或直接修改；如需更正，请由工作人员使用“更正”并填写原因。"
)
CORRECTION_FIELDS = ("done_on", "form", "visitors", "notes", "money", "gifts")


def can_correct(user) -> bool:
    from apps.accounts.access import is_unit_staff

    return is_unit_staff(user)


@transaction.atomic
def visit_record(
    *,
    visit: Visit,
    by,
    done_on: date,
    form: str,
    visitors: str = "",
    notes: str = "",
    money: Decimal = Decimal("0"),
    gifts: str = "",
) -> Visit:
    """Record a visit as done. Needs only PostgreSQL: no broker, so it works while Redis is down;
    the visit's reminders are closed in the same transaction."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.status == Visit.Status.CANCELLED:
        raise ValidationError("该走访已取消，不能登记。")
    if visit.status == Visit.Status.DONE:
        raise ValidationError(ALREADY_DONE)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "走访日期不能晚于今天。"})
    visit.status = Visit.Status.DONE
    visit.done_on, visit.form, visit.visitors, visit.notes = done_on, form, visitors, notes
    visit.money, visit.gifts = money, gifts
    visit.recorded_by, visit.recorded_at = by, timezone.now()
    visit.full_clean(exclude=["cadre", "rule", "campaign", "assignee", "recorded_by"])
    visit._history_user = by
    visit.save(
        update_fields=[
            "status",
            "done_on",
            "form",
            "visitors",
            "notes",
            "money",
            "gifts",
            "recorded_by",
            "recorded_at",
        ]
    )
    reminders_close(target=visit)
    logger.info("visit %s recorded by %s", visit.pk, by.pk)
    return visit


@transaction.atomic
def visit_cancel(*, visit: Visit, by, reason: str) -> Visit:
    """Cancel an open visit (a done one stays done); history keeps who and why."""
    locked = Visit.objects.select_for_update().open().filter(pk=visit.pk).first()
    if locked is not None:
        locked.status, locked.cancelled_reason = Visit.Status.CANCELLED, reason[:100]
        locked._history_user = by
        locked._change_reason = reason[:100]
        locked.save(update_fields=["status", "cancelled_reason"])
        reminders_close(target=locked)
        logger.info("visit %s cancelled by %s", visit.pk, by.pk)
    visit.refresh_from_db()
    return visit


@transaction.atomic
def visit_correct(*, visit: Visit, by, reason: str, **changes) -> Visit:
    """Correct a done visit (更正): staff only, a reason is required, and the history row keeps
    who, when, why and the values before and after. Only the fields of the record form change;
    a correction that changes nothing is refused, so history holds no empty corrections."""
    if not can_correct(by):
        raise ValidationError("只有工作人员可以更正已完成的走访。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写更正原因。"})
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.status != Visit.Status.DONE:
        raise ValidationError("只有已完成的走访可以更正；未完成的走访请直接登记。")
    unknown = set(changes) - set(CORRECTION_FIELDS)
    if unknown:
        raise ValidationError(f"不能更正这些字段：{'、'.join(sorted(unknown))}。")
    if changes.get("done_on") and changes["done_on"] > timezone.localdate():
        raise ValidationError({"done_on": "走访日期不能晚于今天。"})
    changed = [f for f, v in changes.items() if getattr(visit, f) != v]
    if not changed:
        raise ValidationError("更正内容与原记录相同，未作修改。")
    for field in changed:
        setattr(visit, field, changes[field])
    visit.full_clean(exclude=["cadre", "rule", "campaign", "assignee", "recorded_by"])
    visit._history_user = by
    visit._change_reason = f"更正：{reason}"[:100]
    visit.save(update_fields=changed)
    logger.info("visit %s corrected by %s (%s): %s", visit.pk, by.pk, ", ".join(changed), reason)
    return visit


def visit_corrections(visit: Visit) -> list[dict]:
    """The corrections of a visit, newest first: who, when, why and each field's before/after."""
    labels = {f: Visit._meta.get_field(f).verbose_name for f in CORRECTION_FIELDS}
    rows = []
    records = list(visit.history.select_related("history_user").order_by("-history_date", "-pk"))
    for newer, older in zip(records, records[1:], strict=False):
        if not (newer.history_change_reason or "").startswith("更正："):
            continue
        delta = newer.diff_against(older, included_fields=list(CORRECTION_FIELDS))
        rows.append(
            {
                "at": newer.history_date,
                "by": newer.history_user,
                "reason": newer.history_change_reason.removeprefix("更正："),
                "changes": [
                    {"field": labels[c.field], "old": c.old, "new": c.new} for c in delta.changes
                ],
            }
        )
    return rows
