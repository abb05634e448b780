"""The suite's own way back to the migrated database (tests/migrated_state.py) gives back what
Django's serialized rollback would: Django's own serialization of the database is the same
before a test's committed changes and after the restore, and every other table is empty."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.backends.base.creation import BaseDatabaseCreation

from apps.dashboard.models import FactMark
from tests import migrated_state
from tests.factories import CadreFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _django_serialized() -> str:
    return BaseDatabaseCreation.serialize_db_to_string(connection.creation)


def _filled_tables() -> set[str]:
    with connection.cursor() as cursor:
        counts = migrated_state._row_counts(cursor, migrated_state._flushed_tables(connection))
    return {table for table, rows in counts.items() if rows}


def _change_kept_rows():
    Group.objects.filter(pk=Group.objects.order_by("pk").first().pk).update(name="改过的组名")
    Permission.objects.filter(codename__startswith="view_").delete()
    ContentType.objects.filter(app_label="cadres").delete()


def test_the_database_starts_with_rows_that_migrations_ship():
    kept = migrated_state._kept[connection.alias]
    assert {"django_content_type", "auth_permission", "auth_group"} <= set(kept)
    assert _filled_tables() == set(kept)


def test_after_the_flush_the_database_is_as_migrations_left_it():
    before = _django_serialized()
    kept = _filled_tables()
    CadreFactory.create_batch(
        2, unit=OrgUnitFactory(name="东城区")
    )  # committed rows, and the triggers' fact marks
    assert FactMark.objects.exists()
    _change_kept_rows()
    assert _django_serialized() != before

    migrated_state.flush_and_restore(connection)

    assert _django_serialized() == before
    assert _filled_tables() == kept


def test_the_restore_before_a_test_puts_back_changed_kept_rows():
    before = _django_serialized()
    _change_kept_rows()

    migrated_state.restore(connection)

    assert _django_serialized() == before
