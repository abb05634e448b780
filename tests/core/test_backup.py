import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import CadreFactory


def _params():
    p = connection.get_connection_params()
    return {k: p[k] for k in ("host", "port", "user") if p.get(k)}


@pytest.mark.django_db(transaction=True)  # pg_dump reads from its own connection
def test_a_backup_restores_into_an_empty_database_with_the_same_rows(tmp_path, district_a):
    cadres = CadreFactory.create_batch(3, unit=district_a)
    dump = tmp_path / "portal.dump"
    call_command("backup_db", "--output", str(dump))
    target = f"{connection.settings_dict['NAME']}_restore"
    with psycopg.connect(dbname="postgres", autocommit=True, **_params()) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        call_command("restore_db", str(dump), "--database", target, "--yes")
        with psycopg.connect(dbname=target, **_params()) as restored:
            names = {r[0] for r in restored.execute("SELECT id_number FROM cadres_cadre")}
        assert names == {c.id_number for c in cadres}
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **_params()) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


def test_restore_refuses_without_confirmation(tmp_path):
    dump = tmp_path / "x.dump"
    dump.write_bytes(b"")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_db", str(dump))
