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
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import Resolver404, resolve

REPLICA = "replica"
PIN_COOKIE = "db_primary"
# Always read from the primary: who is signed in, sessions, lockouts, permissions (a login just
# written must count at once; these reads are small).
PRIMARY_APPS = frozenset({"sessions", "auth", "accounts", "axes", "contenttypes", "admin"})
_reads = contextvars.ContextVar("replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads():
    """Reads inside go to the replica (when one is configured)."""
    token = _reads.set(True)
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
        token = _reads.set(use_replica)
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
