"""Dashboard and report reads from a real streaming replica (cadre_portal/dbrouters.py).

The replica is made by this test: pg_basebackup -R of the test cluster into a temporary
directory, started with pg_ctl on a free port. Skipped, with the reason, only when the
PostgreSQL tools are absent or the cluster refuses replication connections (pg_hba.conf needs
`host replication all 127.0.0.1/32 trust`, which scripts/ensure_test_deps.sh adds where the
cluster already trusts 127.0.0.1)."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import OrgUnit, Role
from apps.cadres.models import Cadre
from cadre_portal import dbrouters
from tests.factories import CadreFactory, OrgUnitFactory, UserFactory

PG_BIN = Path(settings.PG_BIN_DIR or "/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres() -> list[str]:
    # The server refuses to run as root: run the tools as the postgres user then.
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@pytest.fixture(scope="module")
def replica(django_db_setup, django_db_blocker):
    for tool in ("pg_basebackup", "pg_ctl"):
        if not (PG_BIN / tool).exists():
            pytest.skip(f"{PG_BIN / tool} is absent: cannot start a replica")
    primary = settings.DATABASES["default"]
    workdir = Path(tempfile.mkdtemp(prefix="cadre-replica-"))
    data = workdir / "data"
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
    os.chmod(workdir, 0o700)
    backup = subprocess.run(  # noqa: S603
        [
            *_as_postgres(),
            str(PG_BIN / "pg_basebackup"),
            "-h",
            primary.get("HOST") or "127.0.0.1",
            "-p",
            str(primary.get("PORT") or 5432),
            "-U",
            primary.get("USER") or "postgres",
            "-D",
            str(data),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
            "--no-sync",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if backup.returncode != 0:
        shutil.rmtree(workdir, ignore_errors=True)
        if "replication connection" in backup.stderr:
            pytest.skip(
                "the test cluster refuses replication connections; add to pg_hba.conf: "
                "`host replication all 127.0.0.1/32 trust` (scripts/ensure_test_deps.sh does "
                f"where 127.0.0.1 is already trusted): {backup.stderr.strip()}"
            )
        pytest.fail(f"pg_basebackup failed: {backup.stderr}")
    # Debian keeps the cluster's configuration outside its data directory: the copy gets its own.
    for name, text in (
        ("postgresql.conf", "hot_standby = on\n"),
        ("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n"),
        ("pg_ident.conf", ""),
    ):
        conf = data / name
        if not conf.exists():
            conf.write_text(text)
            if os.geteuid() == 0:
                shutil.chown(conf, "postgres", "postgres")
    port = _free_port()
    options = (
        f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={workdir} "
        "-c hot_standby=on -c shared_buffers=32MB -c fsync=off"
    )
    started = subprocess.run(  # noqa: S603
        [*_as_postgres(), str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options]
        + ["-l", str(workdir / "log"), "-w", "-t", "120", "start"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    if started.returncode != 0:
        log = (workdir / "log").read_text() if (workdir / "log").exists() else ""
        shutil.rmtree(workdir, ignore_errors=True)
        pytest.fail(f"the replica did not start: {started.stderr}\n{log[-2000:]}")
    alias = dbrouters.REPLICA
    connections.settings[alias] = {
        **connections.settings["default"],
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "CONN_MAX_AGE": 0,
        "TEST": {"MIRROR": "default"},
    }
    settings.DATABASES[alias] = connections.settings[alias]
    try:
        yield alias
    finally:
        with django_db_blocker.unblock():
            connections[alias].close()
        del connections[alias]
        connections.settings.pop(alias, None)
        settings.DATABASES.pop(alias, None)
        subprocess.run(  # noqa: S603
            [*_as_postgres(), str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(workdir, ignore_errors=True)


def _caught_up(alias: str, limit: float = 30) -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (lsn,) = cursor.fetchone()
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.1)
    pytest.fail("the replica did not catch up")


def _replay(alias: str, *, paused: bool) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()"
        )


pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def world(replica):
    city = OrgUnitFactory(name="市委老干部局", kind=OrgUnit.Kind.CITY)
    leader = UserFactory(username="leader-r", role=Role.LEADERSHIP, unit=city)
    CadreFactory.create_batch(3, unit=city)
    _caught_up(replica)
    return city, leader


def test_the_replica_is_a_real_standby(replica, world):
    with connections[replica].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True
    with dbrouters.replica_reads():
        assert Cadre.objects.all().db == replica
        assert Cadre.objects.count() == 3


def test_dashboard_reads_go_to_the_replica(replica, world):
    _, leader = world
    client = Client()
    client.force_login(leader)
    with (
        CaptureQueriesContext(connections[replica]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert any("cadres_cadre" in q["sql"] for q in on_replica.captured_queries)
    assert not [q["sql"][:300] for q in on_primary.captured_queries if "cadres_cadre" in q["sql"]]


def test_other_pages_read_the_primary(replica, world):
    _, leader = world
    client = Client()
    client.force_login(leader)
    with CaptureQueriesContext(connections[replica]) as on_replica:
        client.get(reverse("cadres:list"))
    assert on_replica.captured_queries == []


def test_a_users_own_write_reads_back_from_the_primary(replica, world):
    city, leader = world
    client = Client()
    client.force_login(leader)
    _replay(replica, paused=True)  # the replica lags as far as we like
    try:
        CadreFactory(unit=city, name="刚登记的老同志")
        with dbrouters.replica_reads():
            assert Cadre.objects.count() == 3  # the replica has not seen it
        # Any unsafe request pins this browser to the primary for a while.
        client.post(reverse("dashboard:index"))
        assert dbrouters.PIN_COOKIE in client.cookies
        with CaptureQueriesContext(connections[replica]) as on_replica:
            assert client.get(reverse("dashboard:index")).status_code == 200
        assert on_replica.captured_queries == []
        # Within one piece of work, a write sends the reads after it to the primary.
        with dbrouters.replica_reads():
            CadreFactory(unit=city)
            assert Cadre.objects.count() == 5
    finally:
        _replay(replica, paused=False)
