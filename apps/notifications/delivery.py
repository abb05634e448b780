"""The delivery job: pushes open reminders to the enabled channels (email, webhook …).

- Rows: one Delivery per (reminder, channel), created set-based for reminders inside the stale
  window; older ones are never pushed (after an outage nobody wants last week's reminders by
  email) but stay in the inbox.
- Claim: a conditional UPDATE (pending/failed and due → sending); only the worker whose UPDATE
  counted one row sends, so two workers never send the same delivery.
- Relevance: the kind's `still_relevant(target)` is asked first; False closes the reminder.
- Failure: retried with exponential back-off up to REMINDER_MAX_ATTEMPTS; one channel failing
  (or timing out) never stops the others, and a channel that keeps failing in a run is left
  alone for the rest of that run.
- A worker killed while sending leaves a row in `sending`; after the lease it is retried
  (at-least-once: a push whose success was never recorded may be repeated).
"""

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone

from . import kinds
from .channels import CHANNELS, Undeliverable, enabled_push_channels
from .models import Delivery, Reminder

logger = logging.getLogger(__name__)

OPEN = [Delivery.Status.PENDING, Delivery.Status.FAILED]


def stale_days() -> int:
    return settings.REMINDER_STALE_DAYS


def retry_delay(attempts: int) -> timedelta:
    base = settings.REMINDER_RETRY_BASE_SECONDS
    cap = settings.REMINDER_RETRY_MAX_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def deliveries_create(*, now: datetime) -> int:
    codes = [c.code for c in enabled_push_channels()]
    if not codes:
        return 0
    statement = f"""
        INSERT INTO {Delivery._meta.db_table}
            (reminder_id, channel, status, attempts, next_attempt_at, last_error, created_at)
        SELECT r.id, c.code, %s, 0, %s, '', %s
        FROM {Reminder._meta.db_table} r CROSS JOIN unnest(%s::varchar[]) AS c (code)
        WHERE r.closed_at IS NULL AND r.created_at >= %s
          AND NOT EXISTS (SELECT 1 FROM {Delivery._meta.db_table} d
                          WHERE d.reminder_id = r.id AND d.channel = c.code)
        ON CONFLICT (reminder_id, channel) DO NOTHING
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [Delivery.Status.PENDING, now, now, codes, now - timedelta(days=stale_days())],
        )
        return max(cursor.rowcount, 0)


def _still_relevant(reminder: Reminder) -> bool:
    if reminder.closed_at is not None:
        return False
    kind = kinds.get_kind(reminder.kind)
    if kind is None or kind.still_relevant is None or reminder.target_type_id is None:
        return True
    try:
        target = reminder.target
    except Exception:  # noqa: BLE001 - a deleted target type: nothing to be relevant about
        logger.warning("reminder %s: target type is gone", reminder.pk)
        return False
    return bool(kind.still_relevant(target))


def _finish(pk: int, **fields) -> None:
    Delivery.objects.filter(pk=pk, status=Delivery.Status.SENDING).update(**fields)


def delivery_attempt(*, pk: int, now: datetime) -> str | None:
    """Claim one delivery and try it; returns the new status, or None if another worker had it."""
    claimed = Delivery.objects.filter(pk=pk, status__in=OPEN, next_attempt_at__lte=now).update(
        status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("reminder", "reminder__recipient").get(pk=pk)
    reminder = delivery.reminder
    if not _still_relevant(reminder):
        Reminder.objects.filter(pk=reminder.pk, closed_at__isnull=True).update(closed_at=now)
        Delivery.objects.filter(reminder=reminder, status__in=OPEN).update(
            status=Delivery.Status.CLOSED
        )
        _finish(pk, status=Delivery.Status.CLOSED)
        return Delivery.Status.CLOSED
    channel = CHANNELS.get(delivery.channel)
    try:
        if channel is None:
            raise Undeliverable(f"未知渠道 {delivery.channel}")
        channel.send(reminder)
    except Undeliverable as exc:
        _finish(pk, status=Delivery.Status.SKIPPED, last_error=str(exc)[:1000])
        return Delivery.Status.SKIPPED
    except Exception as exc:  # noqa: BLE001 - any channel error is retried, and logged
        logger.warning("delivery %s via %s failed: %s", pk, delivery.channel, exc)
        error = f"{type(exc).__name__}: {exc}"[:1000]
        if delivery.attempts >= settings.REMINDER_MAX_ATTEMPTS:
            _finish(pk, status=Delivery.Status.GAVE_UP, last_error=error)
            return Delivery.Status.GAVE_UP
        _finish(
            pk,
            status=Delivery.Status.FAILED,
            last_error=error,
            next_attempt_at=now + retry_delay(delivery.attempts),
        )
        return Delivery.Status.FAILED
    _finish(pk, status=Delivery.Status.SENT, sent_at=timezone.now(), last_error="")
    return Delivery.Status.SENT


def reminders_deliver(*, on: date | None = None, now: datetime | None = None) -> int:
    """The frequent job; returns how many deliveries were sent. `on` is unused: delivery works
    on the clock (attempt times), and a catch-up run is the same call."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.REMINDER_SENDING_LEASE_SECONDS)
    Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=now - lease).update(
        status=Delivery.Status.FAILED, next_attempt_at=now, last_error="发送中断（进程退出），重试"
    )
    deliveries_create(now=now)
    stale = Delivery.objects.filter(
        status__in=OPEN, reminder__created_at__lt=now - timedelta(days=stale_days())
    ).update(status=Delivery.Status.STALE)
    if stale:
        logger.info("deliveries too old to push (stale window): %s", stale)
    codes = [c.code for c in enabled_push_channels()]
    batch = settings.REMINDER_DELIVERY_BATCH
    breaker = settings.REMINDER_CHANNEL_BREAKER
    due = (
        Delivery.objects.filter(status__in=OPEN, next_attempt_at__lte=now, channel__in=codes)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", "channel")[:batch]
    )
    failures: dict[str, int] = {}
    sent = 0
    for pk, channel in list(due):
        if failures.get(channel, 0) >= breaker:
            continue  # this channel is down: leave its rows for the next run, untouched
        status = delivery_attempt(pk=pk, now=now)
        if status == Delivery.Status.SENT:
            sent += 1
            failures[channel] = 0
        elif status in (Delivery.Status.FAILED, Delivery.Status.GAVE_UP):
            failures[channel] = failures.get(channel, 0) + 1
    if sent:
        logger.info("reminder deliveries sent: %s", sent)
    return sent
