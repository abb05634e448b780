"""The streaming replica for the modules that ask for it (dbrouters, issue 21).

The pair is made in a temporary directory: a small primary cluster of its own (initdb on a free
port) holding a copy of the test database, and a streaming replica of it (pg_basebackup -R,
started with pg_ctl on another free port). While a module using it runs, the `default`
connection points at that primary. A replica of the shared test cluster would copy every
database on it (bench copies of several GB) and take minutes; this one copies only what the test
needs and takes seconds. Skipped, with the reason, only when the PostgreSQL tools are absent."""

import contextlib
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
TOOLS = ("initdb", "pg_ctl", "pg_basebackup", "pg_dump", "psql")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres() -> list[str]:
    # The server refuses to run as root: run the tools as the postgres user then.
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _tool(name: str, *args: str, timeout: int = 180, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [*_as_postgres(), str(PG_BIN / name), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )


def _start(data: Path, port: int, workdir: Path, log: str, *extra: str) -> None:
    options = (
        f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={workdir} "
        "-c shared_buffers=32MB -c fsync=off -c max_connections=40 " + " ".join(extra)
    )
    started = _tool(
        "pg_ctl", *f"-D {data} -l {workdir / log} -w -t 120".split(), "-o", options, "start"
    )
    if started.returncode != 0:
        text = (workdir / log).read_text() if (workdir / log).exists() else ""
        pytest.fail(f"{data.name} did not start: {started.stderr}\n{text[-2000:]}")


def _copy_test_database(source: dict, port: int) -> None:
    """The test database as migrations left it, schema and rows, into the pair's primary."""
    name = source["NAME"]
    psql = f"-h 127.0.0.1 -p {port} -U postgres -XAq -v ON_ERROR_STOP=1 -d".split()
    created = _tool("psql", *psql, "postgres", "-c", f'CREATE DATABASE "{name}" TEMPLATE template0')
    if created.returncode != 0:
        pytest.fail(f"could not create {name} on the replica's primary: {created.stderr}")
    host, source_port = source.get("HOST") or "127.0.0.1", source.get("PORT") or 5432
    dump = subprocess.Popen(  # noqa: S603
        [*_as_postgres(), str(PG_BIN / "pg_dump"), *f"-h {host} -p {source_port}".split()]
        + ["-U", source.get("USER") or "postgres", "-d", name],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    restored = _tool("psql", *psql, name, stdin=dump.stdout)
    dump.stdout.close()
    dump_error = dump.stderr.read().decode()
    if dump.wait(timeout=60) != 0 or restored.returncode != 0:
        pytest.fail(f"copying {name} failed: {dump_error} {restored.stderr}")


@pytest.fixture(scope="module")
def replica(django_db_setup, django_db_blocker):
    for tool in TOOLS:
        if not (PG_BIN / tool).exists():
            pytest.skip(f"{PG_BIN / tool} is absent: cannot start a replica")
    default = connections["default"].settings_dict  # the very dict of settings.DATABASES
    workdir = Path(tempfile.mkdtemp(prefix="cadre-replica-"))
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
    os.chmod(workdir, 0o700)
    primary, standby = workdir / "primary", workdir / "standby"
    running = []
    saved = {key: default.get(key) for key in ("HOST", "PORT")}
    try:
        # trust for 127.0.0.1, replication included (initdb's pg_hba.conf with -A trust)
        made = _tool(
            "initdb",
            *f"-D {primary} -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync".split(),
        )
        if made.returncode != 0:
            pytest.fail(f"initdb failed: {made.stderr}")
        primary_port = _free_port()
        _start(primary, primary_port, workdir, "primary.log")
        running.append(primary)
        _copy_test_database(default, primary_port)
        backup = _tool(
            "pg_basebackup",
            *f"-h 127.0.0.1 -p {primary_port} -U postgres -D {standby}".split(),
            *"-R -X stream -c fast --no-sync".split(),
        )
        if backup.returncode != 0:
            pytest.fail(f"pg_basebackup failed: {backup.stderr}")
        standby_port = _free_port()
        _start(standby, standby_port, workdir, "standby.log", "-c hot_standby=on")
        running.append(standby)
        with django_db_blocker.unblock():
            connections["default"].close()
        default.update(HOST="127.0.0.1", PORT=str(primary_port))
        alias = dbrouters.REPLICA
        # A connection an earlier test opened under this alias (to a refused port, say) would
        # be handed out again with its old settings.
        with contextlib.suppress(AttributeError):
            del connections[alias]
        connections.settings[alias] = {
            **connections.settings["default"],
            "HOST": "127.0.0.1",
            "PORT": str(standby_port),
            "CONN_MAX_AGE": 0,
            "TEST": {"MIRROR": "default"},
        }
        settings.DATABASES[alias] = connections.settings[alias]
        yield alias
    finally:
        with django_db_blocker.unblock():
            connections["default"].close()
            if dbrouters.REPLICA in connections.settings:
                connections[dbrouters.REPLICA].close()
        default.update(saved)
        if dbrouters.REPLICA in connections.settings:
            del connections[dbrouters.REPLICA]
        connections.settings.pop(dbrouters.REPLICA, None)
        settings.DATABASES.pop(dbrouters.REPLICA, None)
        for data in reversed(running):
            _tool("pg_ctl", "-D", str(data), "-m", "immediate", "stop", timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(autouse=True)
def _replica_health_unknown():
    """Each test starts without the process's remembered replica state."""
    dbrouters.health.reset()
    yield
    dbrouters.health.reset()
