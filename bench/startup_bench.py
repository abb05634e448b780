"""Start-up time and worker memory of the portal against Django alone (bench/_bare.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a migrated database> \
    REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python bench/startup_bench.py [--runs 5]

Prints the median wall time of `manage.py check` (what every management command, Celery and
gunicorn pay before their first request) and the resident memory of one gunicorn sync worker
after a few requests (the home page, the news list, /healthz), each with Django alone under the
same interpreter and gunicorn as the baseline, and the ratio. Goals (issue 21): start-up ≤ 1.5 s,
worker ≤ 110 MB. Asserts nothing. `-X importtime` lists the top imports with --imports.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from publicity_bench import free_port, get, stop, wait_ready  # noqa: E402

BENCH_ENV = {
    "DEBUG": "False",
    "SECRET_KEY": "bench-only-key-not-a-secret-0123456789abcdefghijklmnop",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
    "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    "LOG_LEVEL": "WARNING",
    "CACHE_KEY_PREFIX": "startup_bench",
}


def timed(command: list[str], env: dict, cwd: Path, runs: int) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(command, env=env, cwd=cwd, check=True, capture_output=True)  # noqa: S603
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def worker_rss_mb(master: int) -> float:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return max(sizes) if sizes else 0.0


def served_rss(app: str, cwd: Path, env: dict, paths: list[str]) -> float:
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    proc = subprocess.Popen(  # noqa: S603
        [gunicorn, app, "--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"],
        cwd=cwd,
        env=env,
    )
    try:
        wait_ready(port, proc)
        for _ in range(3):
            for path in paths:
                get(port, path, "startup-bench")
        time.sleep(0.5)
        return worker_rss_mb(proc.pid)
    finally:
        stop(proc)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--imports", action="store_true", help="print the 15 slowest imports")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a migrated database (the worker serves the home page).")
    portal_env = {**os.environ, **BENCH_ENV, "DJANGO_SETTINGS_MODULE": "cadre_portal.settings"}
    bare_env = {k: v for k, v in portal_env.items() if k != "DJANGO_SETTINGS_MODULE"}
    bare_env["DJANGO_SETTINGS_MODULE"] = "_bare"
    python = sys.executable
    bare_check = [
        python,
        "-c",
        "from django.core.management import execute_from_command_line as e; e(['x', 'check'])",
    ]
    portal = timed([python, "manage.py", "check"], portal_env, ROOT, args.runs)
    bare = timed(bare_check, bare_env, ROOT / "bench", args.runs)
    print(f"start-up (manage.py check, median of {args.runs}):")
    print(f"  Django alone  {bare:6.2f} s")
    print(f"  portal        {portal:6.2f} s   {portal / bare:5.1f}× Django alone  (goal ≤ 1.5 s)")
    portal_rss = served_rss(
        "cadre_portal.wsgi:application", ROOT, portal_env, ["/healthz", "/", "/news/"]
    )
    bare_rss = served_rss("_bare:application", ROOT / "bench", bare_env, ["/healthz", "/"])
    print("gunicorn sync worker RSS after serving a few pages:")
    print(f"  Django alone  {bare_rss:6.1f} MB")
    print(
        f"  portal        {portal_rss:6.1f} MB  {portal_rss / bare_rss:5.1f}× Django alone"
        "  (goal ≤ 110 MB)"
    )
    if args.imports:
        out = subprocess.run(  # noqa: S603
            [python, "-X", "importtime", "manage.py", "check"],
            env=portal_env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stderr
        rows = []
        for line in out.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and parts[1].strip().isdigit() and not parts[2].startswith("   "):
                rows.append((int(parts[1]), parts[2].strip()))
        print("slowest top-level imports (cumulative):")
        for micros, name in sorted(rows, reverse=True)[:15]:
            print(f"  {micros / 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
