"""Jobs that know what changed (issue 21): a change log kept by PostgreSQL, and watermarks.

The change log: statement-level AFTER INSERT/UPDATE/DELETE/TRUNCATE triggers (the trigger
function core_note_change(), core migration 0001; the triggers installed after every `migrate`
on each table a job watches) append one `Change` row per statement that really changed rows —
an UPDATE that changed nothing (Django's save() of an unchanged row, a 0-row UPDATE) or an
ON CONFLICT DO NOTHING that inserted nothing records nothing. The row carries the writer's
transaction id, the job run that wrote it (a session setting, `cadre.job`, set around each run)
and, for tables with a key column, the distinct keys of the changed rows up to KEY_CAP (past it,
NULL: "every row"). Every write path is covered (ORM, QuerySet.update, bulk_create, raw SQL,
COPY, admin), because the database sees them all. The dashboard's facts use the same pattern
for their own marks (apps/dashboard/migrations/0001_facts.py); the function differs because
those marks are (unit, month) slices.

A watermark: a run of a job for a day `on` records the `pg_current_snapshot()` taken at its
start (and a fingerprint of the settings it depends on). The next run for the same `on` is
skipped when no change to its watched inputs is invisible to that snapshot
(`pg_visible_in_snapshot`), so a change committed by another transaction during the run counts
as unseen and makes the next run work. The job's own writes are not changes to it (a job is a
fixpoint: what it wrote calls for nothing more of itself); they are changes to the other jobs.
When every unseen change carries keys and the job has a narrowed form, that form runs with the
keys (visits_generate on the changed cadres only).

Watermarks are used only for runs outside a transaction (beat, `run_daily_jobs`): inside one,
later writes of the same transaction share its id and would look already seen.
"""

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

logger = logging.getLogger(__name__)

KEY_CAP = 1000  # keys kept per statement; more means "every row"
NARROW_CAP = 5000  # keys a narrowed run takes; more runs the job in full
RETENTION_HOURS = 48  # watermarks younger than this keep the change log they need
OPS = "IUD"
TRIGGER = "core_change"  # triggers core_change_insert, _update, _delete, _truncate


@dataclass(frozen=True)
class Watch:
    """An input of a job: a model's table, the operations that matter to the job, the key
    column recorded with each change (for narrowing or `only`), the keys that matter (None:
    all) and columns whose change alone is no change (last_login, updated_at)."""

    model: type[Model]
    ops: str = OPS
    key: str | None = None
    only: frozenset[str] | None = None
    ignore: tuple[str, ...] = ()

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    def channels(self) -> list[str]:
        return [f"{self.table}:{op}" for op in self.ops + "T"]

    def matters(self, op: str, keys: list | None) -> bool:
        if op not in self.ops + "T":
            return False
        if self.only is None or keys is None or None in keys:
            return True
        return bool(self.only.intersection(keys))


def watch(
    model: type[Model],
    *,
    ops: str = OPS,
    key: str | None = None,
    only: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
) -> Watch:
    if set(ops) - set(OPS):
        raise ImproperlyConfigured(f"watch({model.__name__}): ops are letters of {OPS}")
    if only is not None and key is None:
        raise ImproperlyConfigured(f"watch({model.__name__}): only= needs key=")
    return Watch(
        model=model,
        ops=ops,
        key=key,
        only=frozenset(only) if only is not None else None,
        ignore=tuple(ignore),
    )


@dataclass(frozen=True)
class Tracked:
    table: str
    pk: str
    key: str | None
    ignore: tuple[str, ...] = field(default=())


def tracked(watches: Iterable[Watch]) -> dict[str, Tracked]:
    """One trigger configuration per table from every job's watches: the key column must agree;
    a column is ignored only if every watch of the table ignores it."""
    by_table: dict[str, list[Watch]] = {}
    for w in watches:
        by_table.setdefault(w.table, []).append(w)
    result = {}
    for table, ws in by_table.items():
        keys = {w.key for w in ws if w.key is not None}
        if len(keys) > 1:
            raise ImproperlyConfigured(f"{table}: jobs watch it with different keys {keys}")
        model = ws[0].model
        columns = {f.name: f.column for f in model._meta.concrete_fields}
        for w in ws:
            for name in (w.key, *w.ignore):
                if name is not None and name not in columns.values() and name not in columns:
                    raise ImproperlyConfigured(f"{table}: no column {name}")
        ignore = set.intersection(*(set(w.ignore) for w in ws))
        key = next(iter(keys)) if keys else None
        result[table] = Tracked(
            table=table,
            pk=model._meta.pk.column,
            key=columns.get(key, key) if key else None,
            ignore=tuple(sorted(columns.get(c, c) for c in ignore)),
        )
    return result


def install_triggers(tables: dict[str, Tracked], *, using: str = "default") -> int:
    """CREATE OR REPLACE the four change triggers on each tracked table that exists."""
    from django.db import connections

    installed = 0
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT to_regproc('core_note_change')")
        if cursor.fetchone()[0] is None:  # migrated back past core 0001
            return 0
        for t in tables.values():
            cursor.execute("SELECT to_regclass(%s)", [t.table])
            if cursor.fetchone()[0] is None:
                continue
            args = ", ".join(
                _literal(v) for v in (t.pk, t.key or "", ",".join(t.ignore), str(KEY_CAP))
            )
            for event, referencing in (
                ("INSERT", "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"),
                (
                    "UPDATE",
                    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT",
                ),
                ("DELETE", "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"),
                ("TRUNCATE", "FOR EACH STATEMENT"),
            ):
                cursor.execute(
                    f'CREATE OR REPLACE TRIGGER {TRIGGER}_{event.lower()} AFTER {event} ON "{t.table}" '
                    f"{referencing} EXECUTE FUNCTION core_note_change({args})"
                )
            installed += 1
    return installed


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def fingerprint(names: Iterable[str]) -> str:
    # No default: a job declaring a setting that settings.py does not declare fails loudly.
    values = {name: attrgetter(name)(settings) for name in sorted(names)}
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def label(job: str, on: date) -> str:
    return f"{job}@{on.isoformat()}"


@dataclass
class Decision:
    """What a run should do: `full`, or `narrow` with `keys` per watched model, or skip."""

    snapshot: str | None  # None: no watermark will be recorded (triggers missing, in a txn)
    xmin: int | None
    started_at: object
    full: bool = True
    keys: dict[type[Model], frozenset[str]] = field(default_factory=dict)
    reason: str = ""

    @property
    def skip(self) -> bool:
        return not self.full and not self.keys


_CHECK = """
    WITH w AS (
        SELECT snapshot::pg_snapshot AS snap, snapshot_xmin AS xmin FROM core_jobwatermark
        WHERE job = %(job)s AND "on" = %(on)s AND fingerprint = %(fp)s
          AND snapshot_xmin >= coalesce((SELECT max(xid) FROM core_changecutoff), 0)
    )
    SELECT 'watermark', NULL, NULL::varchar[] FROM w
    UNION ALL
    SELECT 'untracked', t.name, NULL FROM unnest(%(tables)s::text[]) AS t (name)
    WHERE (SELECT count(*) FROM pg_trigger g
           WHERE g.tgrelid = to_regclass(t.name) AND g.tgname LIKE 'core\\_change\\_%%'
             AND g.tgenabled <> 'D') < 4
    UNION ALL
    SELECT 'change', c.channel, c.keys FROM w, core_change c
    WHERE c.channel = ANY(%(channels)s) AND c.xid >= w.xmin AND c.job <> %(label)s
      AND NOT pg_visible_in_snapshot(c.xid::text::xid8, w.snap)
"""


def decide(
    job: str,
    on: date,
    *,
    watches: list[Watch],
    setting_names: Iterable[str],
    narrowable: bool,
    force: bool = False,
) -> Decision:
    started_at = timezone.now()
    if connection.in_atomic_block:
        return Decision(None, None, started_at, reason="in a transaction")
    with connection.cursor() as cursor:
        # The snapshot first, then the check: whatever the check does not see, the snapshot
        # does not see either, so it is found again by the next run.
        cursor.execute(
            "SELECT s::text, pg_snapshot_xmin(s)::text::bigint FROM pg_current_snapshot() s"
        )
        snapshot, xmin = cursor.fetchone()
        channels = sorted({c for w in watches for c in w.channels()})
        cursor.execute(
            _CHECK,
            {
                "job": job,
                "on": on,
                "fp": fingerprint(setting_names),
                "tables": sorted({w.table for w in watches}),
                "channels": channels,
                "label": label(job, on),
            },
        )
        rows = cursor.fetchall()
    decision = Decision(snapshot, xmin, started_at)
    if any(kind == "untracked" for kind, _, _ in rows):
        missing = sorted(name for kind, name, _ in rows if kind == "untracked")
        logger.warning("job %s: no change triggers on %s; runs in full", job, missing)
        return Decision(None, None, started_at, reason=f"untracked {missing}")
    if force:
        decision.reason = "forced"
        return decision
    if not any(kind == "watermark" for kind, _, _ in rows):
        decision.reason = "no watermark"
        return decision
    by_table: dict[str, list[Watch]] = {}
    for w in watches:
        by_table.setdefault(w.table, []).append(w)
    keys: dict[type[Model], set[str]] = {}
    for kind, channel, row_keys in rows:
        if kind != "change":
            continue
        table, op = channel.rsplit(":", 1)
        for w in by_table[table]:
            if not w.matters(op, row_keys):
                continue
            if not narrowable or w.key is None or row_keys is None or None in row_keys:
                decision.reason = f"{channel} changed"
                return decision
            keys.setdefault(w.model, set()).update(row_keys)
    if sum(len(k) for k in keys.values()) > NARROW_CAP:
        decision.reason = "too many keys"
        return decision
    decision.full = False
    decision.keys = {model: frozenset(k) for model, k in keys.items()}
    return decision


def record(job: str, on: date, *, decision: Decision, setting_names: Iterable[str]) -> None:
    if decision.snapshot is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO core_jobwatermark (job, "on", fingerprint, snapshot, snapshot_xmin, started_at,
                                           finished_at)
            VALUES (%s, %s, %s, %s, %s, %s, now())
            ON CONFLICT (job, "on") DO UPDATE SET fingerprint = EXCLUDED.fingerprint,
                snapshot = EXCLUDED.snapshot, snapshot_xmin = EXCLUDED.snapshot_xmin,
                started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at
            """,
            [
                job,
                on,
                fingerprint(setting_names),
                decision.snapshot,
                decision.xmin,
                decision.started_at,
            ],
        )


class labelled:
    """Marks the session's writes as the run's own (`cadre.job`), cleared afterwards."""

    def __init__(self, job: str, on: date):
        self.value = label(job, on)

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('cadre.job', %s, false)", [self.value])

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('cadre.job', '', false)")


def run(
    job: str,
    func: Callable[..., int],
    *,
    on: date,
    watches: list[Watch],
    setting_names: Iterable[str],
    narrow: Callable[..., int] | None,
    force: bool = False,
) -> int:
    decision = decide(
        job,
        on,
        watches=watches,
        setting_names=setting_names,
        narrowable=narrow is not None,
        force=force,
    )
    if decision.skip:
        logger.info("job %s for %s: skipped, nothing it reads changed", job, on.isoformat())
        return 0
    with labelled(job, on):
        if decision.full:
            created = func(on=on)
        else:
            logger.info(
                "job %s for %s: narrowed to %s",
                job,
                on.isoformat(),
                {m.__name__: len(k) for m, k in decision.keys.items()},
            )
            created = narrow(on=on, changed=decision.keys)
    record(job, on, decision=decision, setting_names=setting_names)
    return created


def prune() -> int:
    """Drop the change rows no recent watermark needs; older watermarks stop counting (the
    cutoff), so a run after them works in full. Returns the change rows deleted."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Rows below the cutoff were finished before the oldest recent watermark and before
        # every snapshot still open, so no watermark at or above the cutoff needs them.
        cursor.execute(
            """
            SELECT least(
                pg_snapshot_xmin(pg_current_snapshot())::text::bigint,
                (SELECT min(snapshot_xmin) FROM core_jobwatermark
                 WHERE finished_at > now() - make_interval(hours => %s)))
            """,
            [RETENTION_HOURS],
        )
        cutoff = cursor.fetchone()[0]
        cursor.execute("LOCK TABLE core_changecutoff IN EXCLUSIVE MODE")
        cursor.execute("SELECT max(xid) FROM core_changecutoff")
        current = cursor.fetchone()[0] or 0
        if cutoff <= current:
            return 0
        cursor.execute("DELETE FROM core_changecutoff")
        cursor.execute("INSERT INTO core_changecutoff (xid) VALUES (%s)", [cutoff])
        cursor.execute("DELETE FROM core_change WHERE xid < %s", [cutoff])
        deleted = cursor.rowcount
        cursor.execute("DELETE FROM core_jobwatermark WHERE snapshot_xmin < %s", [cutoff])
    return deleted


def changes_prune(*, on: date) -> int:
    return prune()
