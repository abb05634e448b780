"""Writes on single visits: recording from a phone, cancelling."""

import logging
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.notifications.services import reminders_close

from ..models import Visit

logger = logging.getLogger(__name__)


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
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "走访日期不能晚于今天。"})
    visit.status = Visit.Status.DONE
    visit.done_on, visit.form, visit.visitors, visit.notes = done_on, form, visitors, notes
    visit.money, visit.gifts = money, gifts
    visit.recorded_by, visit.recorded_at = by, timezone.now()
    visit.full_clean(exclude=["cadre", "rule", "campaign", "assignee", "recorded_by"])
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
    updated = (
        Visit.objects.filter(pk=visit.pk)
        .open()
        .update(status=Visit.Status.CANCELLED, cancelled_reason=reason[:100])
    )
    if updated:
        reminders_close(target=visit)
        logger.info("visit %s cancelled by %s", visit.pk, by.pk)
    visit.refresh_from_db()
    return visit
