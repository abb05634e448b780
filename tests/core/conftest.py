"""The one streaming replica of the test run, shared by every module that asks for it (making it
copies the whole test cluster: once per run is enough)."""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from cadre_portal import dbrouters

PG_BIN = Path(settings.PG_BIN_DIR or "/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres() -> list[str]:
    # The server refuses to run as root: run the tools as the postgres user then.
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@pytest.fixture(scope="session")
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


@pytest.fixture(autouse=True)
def _replica_health_unknown():
    """Each test starts without the process's remembered replica state."""
    dbrouters.health.reset()
    yield
    dbrouters.health.reset()
