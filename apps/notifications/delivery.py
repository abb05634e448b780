"""The delivery job: pushes open reminders to the enabled channels (e-mail, 钉钉, 企业微信, SMS …).

- Rows: one Delivery per (reminder, channel), created set-based for reminders inside the stale
  window and only for the channels the recipient is reached by (preferences.py); older ones
  are never pushed (after an outage nobody wants last week's reminders) but stay in the inbox.
- Digest: a person's due deliveries of one kind on one channel go out as one message (97
  reminders after a night's generation are one 钉钉 message listing them, not 97).
- Claim: one conditional UPDATE per message (pending/failed and due → sending, stamped with a
  fresh claim token), over a sub-select that locks the rows in id order. Only the rows whose
  UPDATE counted belong to this worker, so two workers never send the same reminder, and a
  digest is sent once: the second worker waits on the first row, then finds none still open.
- Relevance: the kind's `still_relevant(target)` is asked first; False closes the reminder.
- Quiet hours and the daily cap (preferences.py) postpone deliveries without an attempt; past
  the cap, what is left is folded into one last digest, or waits for the next day.
- Failure: the adapter says retryable or not (push.py). Retryable ones back off exponentially
  (at least as long as the provider asked) up to REMINDER_MAX_ATTEMPTS; permanent ones give up
  at once. One channel failing never stops the others, and a channel that keeps failing (or is
  rate limited) is left alone for the rest of the run.
- Every send is a Dispatch row with the provider's answer, redacted (redact.py).
- A worker killed while sending leaves rows in `sending`; after the lease they are retried
  (at-least-once: a push whose success was never recorded may be repeated).
"""

import logging
import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from . import kinds
from .channels import CHANNELS, Undeliverable, enabled_push_channels
from .messages import Message, sender_for
from .models import Delivery, Dispatch, FailureReason, Preference, Reminder
from .preferences import (
    daily_cap_for,
    digest_for,
    quiet_hours_for,
    quiet_until,
    role_channels,
    start_of_day,
)
from .push import ChannelError, NotConfigured
from .redact import redact

logger = logging.getLogger(__name__)

OPEN = [Delivery.Status.PENDING, Delivery.Status.FAILED]
FOLDED = "*"  # the kind of a message folding several kinds (daily cap reached)


def stale_days() -> int:
    return settings.REMINDER_STALE_DAYS


def retry_delay(attempts: int) -> timedelta:
    base = settings.REMINDER_RETRY_BASE_SECONDS
    cap = settings.REMINDER_RETRY_MAX_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def deliveries_create(*, now: datetime) -> int:
    enabled = enabled_push_channels()
    codes = [c.code for c in enabled]
    if not codes:
        return 0
    default_codes = [c.code for c in enabled if not getattr(c, "opt_in", False)]
    roles, role_codes = role_channels()
    user_table = get_user_model()._meta.db_table
    statement = f"""
        INSERT INTO {Delivery._meta.db_table}
            (reminder_id, channel, status, attempts, next_attempt_at, last_error, last_reason,
             created_at)
        SELECT r.id, c.code, %s, 0, %s, '', '', %s
        FROM {Reminder._meta.db_table} r
        JOIN {user_table} u ON u.id = r.recipient_id
        LEFT JOIN {Preference._meta.db_table} p ON p.user_id = r.recipient_id
        CROSS JOIN unnest(%s::varchar[]) AS c (code)
        WHERE r.closed_at IS NULL AND r.created_at >= %s
          AND CASE
                WHEN p.id IS NOT NULL THEN c.code = ANY(p.channels)
                WHEN u.role = ANY(%s::varchar[]) THEN EXISTS (
                    SELECT 1 FROM unnest(%s::varchar[], %s::varchar[]) AS rc (role, code)
                    WHERE rc.role = u.role AND rc.code = c.code)
                ELSE c.code = ANY(%s::varchar[])
              END
          AND NOT EXISTS (SELECT 1 FROM {Delivery._meta.db_table} d
                          WHERE d.reminder_id = r.id AND d.channel = c.code)
        ON CONFLICT (reminder_id, channel) DO NOTHING
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [
                Delivery.Status.PENDING,
                now,
                now,
                codes,
                now - timedelta(days=stale_days()),
                sorted(set(roles)),
                roles,
                role_codes,
                default_codes,
            ],
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


def _claim(pks: list[int], *, token: uuid.UUID, now: datetime) -> int:
    table = Delivery._meta.db_table
    statement = f"""
        UPDATE {table} SET status = %s, claimed_at = %s, attempts = attempts + 1,
                           claim_token = %s
        WHERE id IN (SELECT id FROM {table}
                     WHERE id = ANY(%s) AND status = ANY(%s) AND next_attempt_at <= %s
                     ORDER BY id FOR UPDATE)
    """  # noqa: S608 - table name from the model, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(statement, [Delivery.Status.SENDING, now, token, pks, OPEN, now])
        return max(cursor.rowcount, 0)


def _finish(token: uuid.UUID, pks: list[int], **fields) -> int:
    return Delivery.objects.filter(
        claim_token=token, status=Delivery.Status.SENDING, pk__in=pks
    ).update(**fields)


def _postpone(pks: list[int], *, until: datetime, reason: str) -> int:
    """Wait without an attempt (quiet hours, daily cap): only rows still open move."""
    return Delivery.objects.filter(pk__in=pks, status__in=OPEN).update(
        next_attempt_at=until, last_reason=reason
    )


def _record(*, token, recipient_id, channel, kind, rows, started, outcome, reason, answer):
    dispatch = Dispatch.objects.create(
        token=token,
        recipient_id=recipient_id,
        channel=channel,
        kind=kind,
        size=len(rows),
        started_at=started,
        finished_at=timezone.now(),
        outcome=outcome,
        reason=reason,
        answer=redact(answer)[:4000],
    )
    dispatch.deliveries.add(*[row.pk for row in rows])
    return dispatch


def _reason_of(exc: Exception) -> str:
    if isinstance(exc, TimeoutError):
        return FailureReason.TIMEOUT
    if isinstance(exc, OSError):
        return FailureReason.NETWORK
    return FailureReason.OTHER


def dispatch(*, pks: list[int], channel, kind: str, now: datetime) -> str | None:
    """Claim these deliveries (one channel, one recipient) and send them as one message;
    returns the new status, or None when another worker had claimed them all."""
    return _dispatch(pks=pks, channel=channel, kind=kind, now=now)[0]


def _dispatch(*, pks: list[int], channel, kind: str, now: datetime) -> tuple[str | None, int]:
    """`dispatch`, also returning how many deliveries this call sent."""
    token = uuid.uuid4()
    if not _claim(pks, token=token, now=now):
        return None, 0
    rows = list(
        Delivery.objects.filter(claim_token=token, status=Delivery.Status.SENDING)
        .select_related(
            "reminder",
            "reminder__recipient",
            "reminder__recipient__unit",
            "reminder__recipient__notification_preference",
        )
        .order_by("pk")
    )
    live = []
    for row in rows:
        if _still_relevant(row.reminder):
            live.append(row)
            continue
        Reminder.objects.filter(pk=row.reminder_id, closed_at__isnull=True).update(closed_at=now)
        Delivery.objects.filter(reminder_id=row.reminder_id, status__in=OPEN).update(
            status=Delivery.Status.CLOSED
        )
        _finish(token, [row.pk], status=Delivery.Status.CLOSED)
    if not live:
        return Delivery.Status.CLOSED, 0
    live_pks = [row.pk for row in live]
    recipient = live[0].reminder.recipient
    started = timezone.now()
    record = {
        "token": token,
        "recipient_id": recipient.pk,
        "channel": channel.code,
        "kind": kind,
        "rows": live,
        "started": started,
    }
    try:
        if getattr(channel, "supports_digest", False):
            message = Message(
                recipient=recipient,
                reminders=[row.reminder for row in live],
                sender=sender_for(recipient),
                kind=kind,
            )
            answer = channel.deliver(message) or ""
        else:
            for row in live:  # a channel without digests gets one reminder per claim
                channel.send(row.reminder)
            answer = ""
    except Undeliverable as exc:
        reason = (
            FailureReason.NOT_CONFIGURED
            if isinstance(exc, NotConfigured)
            else FailureReason.NO_ADDRESS
        )
        error = redact(exc)[:1000]
        _finish(
            token, live_pks, status=Delivery.Status.SKIPPED, last_error=error, last_reason=reason
        )
        _record(**record, outcome=Dispatch.Outcome.SKIPPED, reason=reason, answer=error)
        return Delivery.Status.SKIPPED, 0
    except Exception as exc:  # noqa: BLE001 - any channel error is classified, retried, logged
        retryable = exc.retryable if isinstance(exc, ChannelError) else True
        reason = exc.reason if isinstance(exc, ChannelError) else _reason_of(exc)
        error = redact(f"{type(exc).__name__}: {exc}")[:1000]
        answer = exc.answer if isinstance(exc, ChannelError) and exc.answer else error
        logger.warning("delivery %s via %s failed (%s): %s", live_pks, channel.code, reason, error)
        limit = settings.REMINDER_MAX_ATTEMPTS
        gave_up = _finish(
            token,
            [row.pk for row in live if not retryable or row.attempts >= limit],
            status=Delivery.Status.GAVE_UP,
            last_error=error,
            last_reason=reason,
        )
        retried = 0
        for row in live:
            if retryable and row.attempts < limit:
                delay = max(
                    retry_delay(row.attempts), timedelta(seconds=getattr(exc, "retry_after", 0))
                )
                retried += _finish(
                    token,
                    [row.pk],
                    status=Delivery.Status.FAILED,
                    last_error=error,
                    last_reason=reason,
                    next_attempt_at=now + delay,
                )
        outcome = Dispatch.Outcome.FAILED if retried else Dispatch.Outcome.GAVE_UP
        _record(**record, outcome=outcome, reason=reason, answer=answer)
        if not retried and gave_up:
            return Delivery.Status.GAVE_UP, 0
        return Delivery.Status.FAILED, 0
    done = _finish(
        token,
        live_pks,
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        last_reason="",
    )
    _record(**record, outcome=Dispatch.Outcome.SENT, reason="", answer=answer)
    return Delivery.Status.SENT, done


def delivery_attempt(*, pk: int, now: datetime) -> str | None:
    """Claim one delivery and try it; returns the new status, or None if another worker had it."""
    found = Delivery.objects.filter(pk=pk).values_list("channel", "reminder__kind").first()
    if found is None:
        return None
    code, kind = found
    channel = CHANNELS.get(code)
    if channel is None:
        token = uuid.uuid4()
        if _claim([pk], token=token, now=now):
            _finish(
                token,
                [pk],
                status=Delivery.Status.SKIPPED,
                last_error=f"未知渠道 {code}",
                last_reason=FailureReason.NOT_CONFIGURED,
            )
            return Delivery.Status.SKIPPED
        return None
    return dispatch(pks=[pk], channel=channel, kind=kind, now=now)


def _plan(
    *, user, channel, groups: dict[str, list[int]], now: datetime
) -> list[tuple[str, list[int]]]:
    """The messages to send now for one person on one channel: a digest per kind (or one
    message per reminder), within the daily cap; what does not fit is folded or waits."""
    if getattr(channel, "supports_digest", False) and digest_for(user):
        messages = [(kind, pks) for kind, pks in groups.items()]
    else:
        messages = [(kind, [pk]) for kind, pks in groups.items() for pk in pks]
    cap = daily_cap_for(user)
    if not cap or len(messages) == 0:
        return messages
    used = Dispatch.objects.filter(
        recipient=user,
        channel=channel.code,
        outcome=Dispatch.Outcome.SENT,
        started_at__gte=start_of_day(now),
    ).count()
    remaining = cap - used
    tomorrow = start_of_day(now) + timedelta(days=1)
    if remaining <= 0:
        _postpone(
            [pk for _, pks in messages for pk in pks],
            until=tomorrow,
            reason=FailureReason.DAILY_CAP,
        )
        return []
    if len(messages) <= remaining:
        return messages
    if getattr(channel, "supports_digest", False):
        keep, fold = messages[: remaining - 1], messages[remaining - 1 :]
        return [
            *keep,
            (FOLDED if len(fold) > 1 else fold[0][0], [pk for _, pks in fold for pk in pks]),
        ]
    keep, wait = messages[:remaining], messages[remaining:]
    _postpone([pk for _, pks in wait for pk in pks], until=tomorrow, reason=FailureReason.DAILY_CAP)
    return keep


def reminders_deliver(*, on: date | None = None, now: datetime | None = None) -> int:
    """The frequent job; returns how many deliveries (reminders × channels) were sent. `on` is
    unused: delivery works on the clock (attempt times), and a catch-up run is the same call."""
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
    channels = {c.code: c for c in enabled_push_channels()}
    batch = settings.REMINDER_DELIVERY_BATCH
    breaker = settings.REMINDER_CHANNEL_BREAKER
    due = (
        Delivery.objects.filter(status__in=OPEN, next_attempt_at__lte=now, channel__in=channels)
        # Oldest reminder first among those due at the same moment: deliveries made by one
        # INSERT ... SELECT do not get their ids in reminder order.
        .order_by("next_attempt_at", "reminder_id", "pk")
        .values_list("pk", "channel", "reminder__recipient_id", "reminder__kind")[:batch]
    )
    people: dict[tuple[int, str], dict[str, list[int]]] = {}
    for pk, code, recipient_id, kind in due:
        people.setdefault((recipient_id, code), {}).setdefault(kind, []).append(pk)
    users = (
        get_user_model()
        .objects.select_related("notification_preference", "unit")
        .in_bulk({recipient_id for recipient_id, _ in people})
    )
    failures: dict[str, int] = {}
    sent = 0
    for (recipient_id, code), groups in people.items():
        channel = channels[code]
        user = users.get(recipient_id)
        if user is None or failures.get(code, 0) >= breaker:
            continue  # this channel is down: leave its rows for the next run, untouched
        if getattr(channel, "respects_quiet_hours", False):
            until = quiet_until(now=now, hours=quiet_hours_for(user))
            if until is not None:
                pks = [pk for pks in groups.values() for pk in pks]
                _postpone(pks, until=until, reason=FailureReason.QUIET_HOURS)
                continue
        for kind, pks in _plan(user=user, channel=channel, groups=groups, now=now):
            if failures.get(code, 0) >= breaker:
                break
            status, count = _dispatch(pks=pks, channel=channel, kind=kind, now=now)
            if status == Delivery.Status.SENT:
                sent += count
                failures[code] = 0
            elif status in (Delivery.Status.FAILED, Delivery.Status.GAVE_UP):
                failures[code] = failures.get(code, 0) + 1
                last = Delivery.objects.filter(pk__in=pks).values_list("last_reason", flat=True)
                if FailureReason.RATE_LIMITED in set(last):
                    failures[code] = breaker  # the provider said stop: more would be refused
    if sent:
        logger.info("reminder deliveries sent: %s", sent)
    return sent
