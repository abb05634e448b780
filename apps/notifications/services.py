"""The reminder interface used by every app (visits, subsidies, branches, publicity …).

- `remind(...)`: one reminder, idempotent on (recipient, key).
- `remind_many(specs)`: set-based, ON CONFLICT DO NOTHING; returns how many were new.
- `reminders_close(target=..., kinds=...)`: close open reminders about an object whose
  condition ended (visit done, cadre deceased).
Delivery to channels (email, webhook/SMS) happens later, in the delivery job, never here.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from .models import Reminder

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReminderSpec:
    recipient_id: int
    kind: str
    key: str
    subject: str
    due_on: date | None = None
    target: models.Model | None = None
    url: str = ""
    body: str = ""


def _row(spec: ReminderSpec) -> Reminder:
    target_type = ContentType.objects.get_for_model(spec.target) if spec.target is not None else None
    return Reminder(
        recipient_id=spec.recipient_id,
        kind=spec.kind,
        key=spec.key,
        subject=spec.subject[:200],
        body=spec.body,
        url=spec.url,
        due_on=spec.due_on,
        target_type=target_type,
        target_id=spec.target.pk if spec.target is not None else None,
    )


def remind(
    *, recipient, kind: str, key: str, subject: str, due_on: date | None = None,
    target: models.Model | None = None, url: str = "", body: str = "",
) -> Reminder | None:
    """Create the reminder unless it exists; returns it when new, None when it already was."""
    spec = ReminderSpec(recipient.pk, kind, key, subject, due_on, target, url, body)
    if not remind_many([spec]):
        return None
    return Reminder.objects.get(recipient=recipient, key=key)


def remind_many(specs: Iterable[ReminderSpec], *, batch_size: int = 2000) -> int:
    """Insert the reminders that do not exist yet; safe to run twice or concurrently."""
    specs = list({(s.recipient_id, s.key): s for s in specs}.values())
    if not specs:
        return 0
    wanted = {(s.recipient_id, s.key) for s in specs}
    existing = set()
    keys = list({s.key for s in specs})
    for start in range(0, len(keys), 5000):
        existing |= set(
            Reminder.objects.filter(key__in=keys[start : start + 5000]).values_list(
                "recipient_id", "key"
            )
        )
    new = [s for s in specs if (s.recipient_id, s.key) not in existing]
    with transaction.atomic():
        Reminder.objects.bulk_create(
            [_row(s) for s in new], batch_size=batch_size, ignore_conflicts=True
        )
    created = len(new)
    if created:
        logger.info("reminders created: %s (of %s wanted)", created, len(wanted))
    return created


def reminders_close(*, target: models.Model, kinds: Iterable[str] | None = None) -> int:
    qs = Reminder.objects.open().filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    )
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    return qs.update(closed_at=timezone.now())


def reminder_mark_read(*, reminder: Reminder) -> None:
    if reminder.read_at is None:
        Reminder.objects.filter(pk=reminder.pk, read_at__isnull=True).update(read_at=timezone.now())
