"""Reads from a streaming replica (DATABASE_REPLICA_URL) for the dashboard and the reports.

Only reads that are known to be heavy and tolerate a second of lag go to the replica: the views
named in DATABASE_REPLICA_VIEWS (the dashboard namespace and the report pages), chosen per request
by `ReplicaReadsMiddleware`, and any code inside `with replica_reads():` (a job that only reads).
Everything else reads and writes the primary, as without a replica.

A user's own writes read back from the primary: every unsafe request (POST, PUT, PATCH, DELETE)
sets a short cookie pinning that browser to the primary for DATABASE_REPLICA_PIN_SECONDS (longer
than the replica's lag), so a secretary who saves and opens a report sees what she saved. Within
one request, a write or an open transaction on the primary sends the request's later reads there
too. Migrations run on the primary only (the replica is read-only and follows it).

A replica that is down or too far behind is skipped, never a 500: `replica_usable()` asks it for
its replay lag (at most every DATABASE_REPLICA_CHECK_SECONDS, the answer kept per process) and
reads go to the primary while it refuses connections or lags more than
DATABASE_REPLICA_MAX_LAG_SECONDS; they go back once it answers in time. A request whose replica
connection fails mid-way is run again on the primary. Each change of state is logged once.
"""

import contextvars
import logging
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.urls import Resolver404, resolve

REPLICA = "replica"
PIN_COOKIE = "db_primary"
# Always read from the primary: who is signed in, sessions, lockouts, permissions (a login just
# written must count at once; these reads are small).
PRIMARY_APPS = frozenset({"sessions", "auth", "accounts", "axes", "contenttypes", "admin"})
_reads = contextvars.ContextVar("replica_reads", default=False)
logger = logging.getLogger(__name__)

# How far behind the replica is, in seconds: 0 when it has replayed all it received (or is not in
# recovery at all), NULL when WAL is waiting and nothing was replayed since it started.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
    ELSE EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())
END
"""


class _Health:
    """The replica's last known state in this process (shared by its threads)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.usable: bool | None = None  # None: never checked
        self.checked_at = float("-inf")

    def reset(self) -> None:
        with self.lock:
            self.usable, self.checked_at = None, float("-inf")


health = _Health()


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def _measure() -> tuple[bool, str]:
    """(usable, why) from one query on the replica; the reason names no person or row."""
    connection = connections[REPLICA]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            (lag,) = cursor.fetchone()
    except (OperationalError, InterfaceError) as error:
        _drop(connection)
        return False, f"连接失败（{type(error).__name__}）"
    except DatabaseError as error:
        _drop(connection)
        return False, f"查询延迟失败（{type(error).__name__}）"
    limit = settings.DATABASE_REPLICA_MAX_LAG_SECONDS
    if lag is None:
        return False, "尚未重放任何事务，延迟未知"
    if float(lag) > limit:
        return False, f"延迟 {float(lag):.1f} 秒，超过上限 {limit} 秒"
    return True, f"延迟 {float(lag):.1f} 秒"


def _drop(connection) -> None:
    try:
        connection.close()
    except DatabaseError:
        connection.connection = None  # already broken: forget it, the next use reconnects


def replica_usable(*, force: bool = False) -> bool:
    """Whether reads may go to the replica now: checked at most every
    DATABASE_REPLICA_CHECK_SECONDS per process (`force` checks at once, after a failure)."""
    if not replica_configured():
        return False
    now = time.monotonic()
    with health.lock:
        fresh = now - health.checked_at < settings.DATABASE_REPLICA_CHECK_SECONDS
        if fresh and not force and health.usable is not None:
            return health.usable
        # Other threads keep the last answer while this one asks.
        health.checked_at = now
    usable, why = _measure()
    with health.lock:
        changed = usable != health.usable
        health.usable, health.checked_at = usable, time.monotonic()
    if changed and usable:
        logger.info("只读副本可用，报表读回副本：%s", why)
    elif changed:
        logger.warning("只读副本不可用，报表改读主库：%s", why)
    return usable


@contextmanager
def replica_reads():
    """Reads inside go to the replica (when one is configured and usable)."""
    token = _reads.set(replica_usable())
    try:
        yield
    finally:
        _reads.reset(token)


@contextmanager
def primary_reads():
    token = _reads.set(False)
    try:
        yield
    finally:
        _reads.reset(token)


def reading_replica() -> bool:
    """Whether this request's reads go to the replica now (configured, usable, nothing written)."""
    return bool(_reads.get()) and replica_configured()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _reads.get() or not replica_configured():
            return None
        if model._meta.app_label in PRIMARY_APPS:
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return None  # inside a transaction: read what it wrote
        return REPLICA

    def db_for_write(self, model, **hints):
        if _reads.get():
            _reads.set(False)  # read back this request's write from the primary
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def _view_reads_replica(request) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    name = f"{match.namespace}:{match.url_name}" if match.namespace else (match.url_name or "")
    for pattern in settings.DATABASE_REPLICA_VIEWS:
        if pattern.endswith(":*") and match.namespace == pattern[:-2]:
            return True
        if pattern == name:
            return True
    return False


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        safe = request.method in ("GET", "HEAD", "OPTIONS")
        use_replica = safe and PIN_COOKIE not in request.COOKIES and _view_reads_replica(request)
        token = _reads.set(use_replica and replica_usable())
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        if not safe:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_exception(self, request, exception):
        """A replica that failed during this request: check it now and, when it is down, run the
        view again on the primary (only safe requests ever read the replica)."""
        if not _reads.get() or not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if replica_usable(force=True):
            return None  # the replica is fine: the error is the primary's or the query's
        _reads.set(False)
        match = request.resolver_match or resolve(request.path_info)
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        return response
