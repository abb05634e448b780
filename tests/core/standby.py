"""Waiting on the test standby (tests/core/conftest.py `replica`), for both replica modules."""

import time

import pytest
from django.db import connections


def standby_has(alias: str, what: str = "replay", limit: float = 30) -> None:
    """Wait until the standby has received (`what="receive"`) or replayed (`"replay"`) all that
    the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (lsn,) = cursor.fetchone()
    column = {"receive": "pg_last_wal_receive_lsn()", "replay": "pg_last_wal_replay_lsn()"}[what]
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        with connections[alias].cursor() as cursor:
            cursor.execute(f"SELECT {column} >= %s::pg_lsn", [lsn])  # noqa: S608 - fixed names
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    pytest.fail(f"the standby did not {what} the primary's WAL")


def replay(alias: str, *, paused: bool) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()"
        )
