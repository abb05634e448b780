"""Transactional tests back to the migrated database in milliseconds, not seconds.

Django's serialized rollback (every transactional test here uses it, tests/conftest.py) costs
two to ten seconds a test on this suite: the flush TRUNCATEs every table (~150, each a new file
with its indexes) and the next test re-saves each serialized row through the ORM, one UPDATE and
one INSERT per row (~2,000 rows: content types, permissions, groups, what data migrations ship).

Same contract, cheaper mechanism (PostgreSQL):
- when the test database is made, the rows of every table the flush would empty are kept in
  memory as binary COPY data (instead of Django's JSON of the same rows), with a digest of each
  table's rows;
- the flush after a transactional test DELETEs from the tables that have rows (repeated while
  triggers, e.g. the dashboard's fact marks, write rows into others) and copies the kept rows
  back in the same transaction, so the test after it, transactional or not, starts from the
  database as migrations left it (Django's flush left it empty until the next transactional
  test);
- the restore before a transactional test replaces the rows of every kept table whose digest
  differs (empty, or changed outside a test's rollback).
Sequences are left alone, as Django's flush (TRUNCATE without RESTART IDENTITY) leaves them.
Tests that ask for reset_sequences or available_apps, or a database without kept rows, go
through Django's own code. tests/core/test_migrated_state.py compares the result with Django's
own serialization of the database.
"""

from django.db import connections, transaction
from django.db.backends.postgresql.creation import DatabaseCreation
from django.test import TransactionTestCase
from psycopg import sql

KEPT = "migrated-state kept as COPY data by tests/migrated_state.py"
_kept: dict[str, dict[str, tuple[str, bytes]]] = {}  # alias -> table -> (digest, COPY data)


def _flushed_tables(connection) -> list[str]:
    # exactly the tables `manage.py flush` empties
    return sorted(
        connection.introspection.django_table_names(only_existing=True, include_views=False)
    )


def _row_counts(cursor, tables) -> dict[str, int]:
    if not tables:
        return {}
    query = sql.SQL("SELECT ARRAY[{}]").format(
        sql.SQL(", ").join(
            sql.SQL("(SELECT count(*) FROM {})").format(sql.Identifier(t)) for t in tables
        )
    )
    cursor.execute(query)
    return dict(zip(tables, cursor.fetchone()[0], strict=True))


def _digests(cursor, tables) -> dict[str, str | None]:
    """A digest of each table's rows (None when empty), in one query."""
    if not tables:
        return {}
    query = sql.SQL("SELECT ARRAY[{}]").format(
        sql.SQL(", ").join(
            sql.SQL("(SELECT md5(string_agg(r::text, '|' ORDER BY r::text)) FROM {} r)").format(
                sql.Identifier(t)
            )
            for t in tables
        )
    )
    cursor.execute(query)
    return dict(zip(tables, cursor.fetchone()[0], strict=True))


def _copy_out(cursor, table: str) -> bytes:
    query = sql.SQL("COPY {} TO STDOUT (FORMAT BINARY)").format(sql.Identifier(table))
    with cursor.copy(query) as copy:
        return b"".join(bytes(block) for block in copy)


def _copy_in(cursor, table: str, data: bytes) -> None:
    query = sql.SQL("COPY {} FROM STDIN (FORMAT BINARY)").format(sql.Identifier(table))
    with cursor.copy(query) as copy:
        copy.write(data)


def _delete(cursor, tables) -> None:
    for table in tables:
        cursor.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))


def _copy_back(cursor, tables: dict[str, tuple[str, bytes]]) -> None:
    """The kept rows as they were, firing no trigger: the change log (apps.core.changes) and the
    fact marks would otherwise record the copy itself as a change (the replica role also skips
    the foreign-key triggers: the kept rows are one consistent state)."""
    cursor.execute("SET LOCAL session_replication_role = replica")
    for table, (_digest, data) in tables.items():
        _copy_in(cursor, table, data)
    cursor.execute("SET LOCAL session_replication_role = origin")


def keep(connection) -> str:
    """Keep the rows of every table the flush empties (at test database creation)."""
    with connection.cursor() as cursor:
        filled = [t for t, n in _row_counts(cursor, _flushed_tables(connection)).items() if n]
        digests = _digests(cursor, filled)
        _kept[connection.alias] = {t: (digests[t], _copy_out(cursor, t)) for t in filled}
    return KEPT


def restore(connection) -> None:
    """Kept tables found empty or changed get their kept rows back."""
    kept = _kept[connection.alias]
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        digests = _digests(cursor, list(kept))
        changed = [t for t, (digest, _data) in kept.items() if digests[t] != digest]
        _delete(cursor, [t for t in changed if digests[t] is not None])
        _copy_back(cursor, {t: kept[t] for t in changed})
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the kept rows' keys hold


def flush_and_restore(connection) -> None:
    tables = _flushed_tables(connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for _ in range(5):
            filled = [t for t, n in _row_counts(cursor, tables).items() if n]
            if not filled:
                break
            _delete(cursor, filled)  # statement triggers may write rows elsewhere: again
        else:
            raise RuntimeError(f"tables keep filling while the test database is emptied: {filled}")
        _copy_back(cursor, _kept[connection.alias])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def commit_without_waiting(database: dict) -> None:
    """The test database need not survive a crash of the server: its commits do not wait for
    the WAL to reach the disk (synchronous_commit=off, a per-session setting; what a commit
    makes visible to other sessions is unchanged). On a machine whose disk is busy this takes
    seconds off every migration and every committing test."""
    options = database.setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


def _ours(test_case, alias: str) -> bool:
    return (
        test_case.serialized_rollback
        and not test_case.reset_sequences
        and test_case.available_apps is None
        and getattr(connections[alias], "_test_serialized_contents", None) == KEPT
        and alias in _kept
    )


def install() -> None:
    """Replace Django's serialize/deserialize/flush for the test run (tests/conftest.py)."""
    django_deserialize = DatabaseCreation.deserialize_db_from_string
    django_teardown = TransactionTestCase._fixture_teardown

    def serialize_db_to_string(self):
        return keep(self.connection)

    def deserialize_db_from_string(self, data):
        if data == KEPT and self.connection.alias in _kept:
            return restore(self.connection)
        return django_deserialize(self, data)

    def _fixture_teardown(self):
        aliases = self._databases_names(include_mirrors=False)
        if not all(_ours(self, alias) for alias in aliases):
            return django_teardown(self)
        for alias in aliases:
            flush_and_restore(connections[alias])

    DatabaseCreation.serialize_db_to_string = serialize_db_to_string
    DatabaseCreation.deserialize_db_from_string = deserialize_db_from_string
    TransactionTestCase._fixture_teardown = _fixture_teardown
