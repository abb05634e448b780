"""The reminder interface used by every app (visits, subsidies, branches, publicity …).

- `remind(...)`: one reminder, idempotent on (recipient, key).
- `remind_many(specs)`: set-based, ON CONFLICT DO NOTHING; returns how many were new.
- `remind_from(rows, kind=..., target=..., recipient=..., key=..., subject=...)`: the same from
  a queryset, in one INSERT … SELECT (subjects built in SQL): nothing per row in Python.
- `reminders_close(target=..., kinds=...)`: close open reminders about an object whose
  condition ended (visit done, cadre deceased).
Delivery to channels (email, webhook/SMS) happens later, in the delivery job, never here.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import CharField, DateField, Expression, F, IntegerField, QuerySet, Value
from django.db.models.functions import Cast, Left
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


def remind(
    *,
    recipient,
    kind: str,
    key: str,
    subject: str,
    due_on: date | None = None,
    target: models.Model | None = None,
    url: str = "",
    body: str = "",
) -> Reminder | None:
    """Create the reminder unless it exists; returns it when new, None when it already was."""
    spec = ReminderSpec(recipient.pk, kind, key, subject, due_on, target, url, body)
    if not remind_many([spec]):
        return None
    return Reminder.objects.get(recipient=recipient, key=key)


def remind_many(specs: Iterable[ReminderSpec], *, batch_size: int = 5000) -> int:
    """Insert the reminders that do not exist yet; returns how many were new.

    One INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING per batch: the count is exact even
    when two workers insert the same reminders at once (the loser's rows simply conflict).
    """
    specs = list({(s.recipient_id, s.key): s for s in specs}.values())
    if not specs:
        return 0
    table = Reminder._meta.db_table
    statement = f"""
        INSERT INTO {table} (recipient_id, kind, key, subject, body, url, target_type_id,
                             target_id, due_on, created_at)
        SELECT r.recipient_id, r.kind, r.key, r.subject, r.body, r.url, r.target_type_id,
               r.target_id, r.due_on, now()
        FROM unnest(%s::bigint[], %s::varchar[], %s::varchar[], %s::varchar[], %s::text[],
                    %s::varchar[], %s::int[], %s::bigint[], %s::date[])
             AS r (recipient_id, kind, key, subject, body, url, target_type_id, target_id, due_on)
        ON CONFLICT (recipient_id, key) DO NOTHING
    """  # noqa: S608 - table name from the model, values as parameters
    created = 0
    types: dict[type, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(specs), batch_size):
            batch = specs[start : start + batch_size]
            columns: list[list] = [[] for _ in range(9)]
            for s in batch:
                type_id = None
                if s.target is not None:
                    model = type(s.target)
                    if model not in types:
                        types[model] = ContentType.objects.get_for_model(model).pk
                    type_id = types[model]
                row = (
                    s.recipient_id,
                    s.kind,
                    s.key,
                    s.subject[:200],
                    s.body,
                    s.url,
                    type_id,
                    s.target.pk if s.target is not None else None,
                    s.due_on,
                )
                for column, value in zip(columns, row, strict=True):
                    column.append(value)
            cursor.execute(statement, columns)
            created += max(cursor.rowcount, 0)
    if created:
        logger.info("reminders created: %s (of %s wanted)", created, len(specs))
    return created


REMIND_COLUMNS = ("r_recipient", "r_key", "r_subject", "r_body", "r_url", "r_target", "r_due")


def remind_from(
    rows: QuerySet,
    *,
    kind: str,
    recipient: Expression | str,
    key: Expression,
    subject: Expression,
    target: type[models.Model] | None = None,
    target_id: Expression | str = "pk",
    due_on: Expression | str | None = None,
    url: Expression | None = None,
    body: Expression | None = None,
) -> int:
    """`remind_many` for a set of rows: one INSERT … SELECT … ON CONFLICT DO NOTHING.

    Each column is an expression over `rows` (strings name fields); the statement skips rows
    whose (recipient, key) exists already and rows without a recipient, so a second run inserts
    nothing and two workers at once insert each reminder once. Returns how many were new.
    """

    def expr(value, field):
        if value is None:  # a typed NULL: an untyped one reads as text through the subquery
            return Cast(Value(None), field)
        return F(value) if isinstance(value, str) else value

    columns = {
        "r_recipient": expr(recipient, IntegerField()),
        "r_key": expr(key, CharField()),
        "r_subject": Left(expr(subject, CharField()), 200),
        "r_body": expr(body, CharField()) if body is not None else Value("", CharField()),
        "r_url": expr(url, CharField()) if url is not None else Value("", CharField()),
        "r_target": (
            Cast(expr(target_id, IntegerField()), models.BigIntegerField())
            if target is not None
            else expr(None, models.BigIntegerField())
        ),
        "r_due": expr(due_on, DateField()),
    }
    qs = rows.order_by()
    for name in REMIND_COLUMNS:  # one annotate per column: the SELECT keeps this order
        qs = qs.annotate(**{name: columns[name]})
    sql, params = qs.values_list(*REMIND_COLUMNS).query.sql_with_params()
    type_id = ContentType.objects.get_for_model(target).pk if target is not None else None
    table = Reminder._meta.db_table
    statement = f"""
        INSERT INTO {table} (recipient_id, kind, key, subject, body, url, target_type_id,
                             target_id, due_on, created_at)
        SELECT r.recipient_id, %s, r.key, r.subject, r.body, r.url, %s, r.target_id, r.due_on,
               now()
        FROM ({sql}) AS r (recipient_id, key, subject, body, url, target_id, due_on)
        WHERE r.recipient_id IS NOT NULL
        ON CONFLICT (recipient_id, key) DO NOTHING
    """  # noqa: S608 - table name from the model, values as parameters
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [kind, type_id, *params])
        created = max(cursor.rowcount, 0)
    if created:
        logger.info("reminders created: %s (%s)", created, kind)
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


def reminders_close_many(
    *, model: type[models.Model], ids: Iterable[int], kinds: Iterable[str] | None = None
) -> int:
    """`reminders_close` for many objects of one model at once (one UPDATE)."""
    ids = list(ids)
    if not ids:
        return 0
    qs = Reminder.objects.open().filter(
        target_type=ContentType.objects.get_for_model(model), target_id__in=ids
    )
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    return qs.update(closed_at=timezone.now())


def reminders_mark_all_read(*, user) -> int:
    return Reminder.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def reminders_mark_group_read(*, user, kind: str = "", day=None) -> int:
    """Mark one inbox group (a kind, a day) read: a digest is dealt with in one go."""
    qs = Reminder.objects.filter(recipient=user, read_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    if day:
        qs = qs.filter(created_at__date=day)
    return qs.update(read_at=timezone.now())
