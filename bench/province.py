"""Province bench (issue 21): the hot paths at 50k, 200k and 1M cadres, as ratios to baselines.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench_f1 REDIS_URL=redis://127.0.0.1:6379/7 \
        .venv/bin/python bench/province.py --sizes 50000,200000 [--reseed] [--repeat 5]
        [--visits-per-year 6] [--jobs-date 2027-02-01]

Per size, one database `<DATABASE_URL's name>_<size>` (the name must contain "bench"; kept
between runs, `--reseed` recreates it) holds a province: one bureau over 11 cities, 9 districts
a city (99), 2 townships a district, a staff user per district, leadership at the province and at
each city. The register is loaded with COPY (seed time printed), then three years of history in
SQL: `--visits-per-year` visits a cadre (done/overdue/cancelled in past months, planned and done in
this one), and a paid subsidy batch every month for the ~12% of cadres with an entitlement.

Each measurement runs in its own child process (so its peak RSS is its own) and prints:

- dashboard, uncached (the scope's cache entry deleted before each request) and cached, through
  Django's test client, against the same queries replayed raw on a cursor ("its own SQL"),
  for the province's leadership and one district's staff;
- the daily jobs' first run and re-run for `--jobs-date` on a copy of the database (CREATE DATABASE
  … TEMPLATE, so the seeded one stays untouched), against the INSERT/UPDATE statements that the
  first run executed, replayed alone in a rolled-back transaction on a second copy (with the
  deferred foreign-key checks made immediate: the jobs pay them at commit);
- the frequent jobs (the dashboard's fact refresh when present, and the cache warm of every scope);
- peak memory (ru_maxrss) of each child.

Absolute times on a shared 2-core machine do not hold; the ratios do.
"""

import argparse
import io
import json
import os
import pickle
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CITIES = 11
DISTRICTS_PER_CITY = 9
TOWNSHIPS_PER_DISTRICT = 2
ENTITLED = 0.12
HISTORY_MONTHS = 36
NAMES = ["张建国", "李秀英", "王德华", "刘桂兰", "陈志强", "杨淑珍", "赵永福", "黄玉梅"]


# --- databases ------------------------------------------------------------------------------------


def base_url() -> str:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cadre_bench")
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        name += "_bench"
    return urlunparse(parts._replace(path="/" + name))


def db_url(name: str) -> str:
    return urlunparse(urlparse(base_url())._replace(path="/" + name))


def db_name(size: int) -> str:
    return f"{urlparse(base_url()).path.lstrip('/')}_{size}"


def admin(sql: str, *params):
    import psycopg

    with psycopg.connect(db_url("postgres"), autocommit=True) as conn:
        row = conn.execute(sql, params or None)
        try:
            return row.fetchall()
        except psycopg.ProgrammingError:
            return None


def exists(name: str) -> bool:
    return bool(admin("SELECT 1 FROM pg_database WHERE datname = %s", name))


def drop(name: str) -> None:
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_of(name: str, suffix: str) -> str:
    copy = f"{name}_{suffix}"
    drop(copy)
    admin(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    return copy


def setup_django(name: str) -> None:
    os.environ["DATABASE_URL"] = db_url(name)
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")
    os.environ.setdefault("CACHE_KEY_PREFIX", f"cadre-{name}")
    os.environ.setdefault("CONN_MAX_AGE", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_portal.settings")
    os.environ.setdefault(
        "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- seeding --------------------------------------------------------------------------------------


def seed_units():
    from apps.accounts.models import OrgUnit, Role, User

    root = OrgUnit.objects.create(name="省委老干部局", kind="city", code="33")
    User.objects.create(username="province_leader", role=Role.LEADERSHIP, unit=root)
    User.objects.create(username="province_staff", role=Role.BUREAU_STAFF, unit=root)
    leaves = []
    for c in range(CITIES):
        city = OrgUnit.objects.create(name=f"市{c:02d}", kind="city", parent=root, sort_order=c)
        User.objects.create(username=f"city{c:02d}_leader", role=Role.LEADERSHIP, unit=city)
        for d in range(DISTRICTS_PER_CITY):
            district = OrgUnit.objects.create(
                name=f"市{c:02d}区县{d}", kind="district", parent=city, sort_order=d
            )
            User.objects.create(
                username=f"d{c:02d}{d}_staff", role=Role.DISTRICT_STAFF, unit=district
            )
            leaves.append(district.pk)
            for t in range(TOWNSHIPS_PER_DISTRICT):
                township = OrgUnit.objects.create(
                    name=f"市{c:02d}区县{d}街道{t}", kind="township", parent=district
                )
                leaves.append(township.pk)
    return leaves


def cadre_rows(n: int, units: list[int], rng: random.Random):
    """Tab-separated rows for COPY cadres_cadre (valid, unique ID numbers)."""
    from apps.cadres.idcard import check_char
    from apps.cadres.pinyin import name_initials

    initials = {name: name_initials(name) for name in NAMES}
    start = date(1926, 1, 1)
    seen: set[str] = set()
    today = date.today()
    while len(seen) < n:
        birth = start + timedelta(days=rng.randrange(0, 40 * 365))
        gender = rng.choice("MF")
        first17 = f"33{rng.randrange(0, 10000):04d}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
        if first17 in seen:
            continue
        seen.add(first17)
        name = rng.choice(NAMES)
        deceased = rng.random() < 0.01
        relocated = rng.random() < 0.03
        yield (
            "\t".join(
                [
                    name,
                    initials[name],
                    gender,
                    "汉族",
                    birth.isoformat(),
                    first17 + check_char(first17),
                    "",
                    "",
                    "",
                    "",
                    "lixiu" if birth.year < 1932 else "tuixiu",
                    "other",
                    "cpc" if rng.random() < 0.7 else "masses",
                    rng.choice(["good", "fair", "poor", "disabled"]),
                    rng.choice(["alone", "empty_nest", "with_children", "with_children"]),
                    "t" if relocated else "f",
                    "海南省三亚市" if relocated else "",
                    "t" if rng.random() < 0.05 else "f",
                    "",
                    "deceased" if deceased else "active",
                    (today - timedelta(days=rng.randrange(1, 400))).isoformat()
                    if deceased
                    else r"\N",
                    "",
                    "",
                    str(rng.choice(units)),
                ]
            )
            + "\n"
        )


CADRE_COLUMNS = (
    "name, name_initials, gender, ethnicity, birth_date, id_number, phone, address, "
    "original_employer, original_post, retirement_kind, rank, political_status, health, "
    "living_situation, relocated, relocated_place, hardship, interests, status, deceased_on, "
    "notes, left_reason, unit_id"
)

HISTORY_SQL = [
    # Visits: each cadre, each of the HISTORY_MONTHS months up to this one, with probability
    # per_year/12; past months mostly done, this month planned or done.
    """
    INSERT INTO services_visit
        (occasion, occasion_key, title, due_date, status, done_on, form, visitors, notes, money,
         gifts, cancelled_reason, created_at, cadre_id)
    SELECT occ, occ || ':bench:' || to_char(m, 'YYYY-MM'), '基准走访', due,
           st, CASE WHEN st = 'done' THEN due END, CASE WHEN st = 'done' THEN 'phone' ELSE '' END,
           '', '', 0, '', CASE WHEN st = 'cancelled' THEN '基准' ELSE '' END, now(), id
    FROM (
        SELECT c.id, m,
               (m::date + (random() * 27)::int) AS due,
               (ARRAY['routine','routine','routine','festival','birthday','hospital'])
                   [1 + (random() * 5)::int] AS occ,
               CASE WHEN m < date_trunc('month', CURRENT_DATE) THEN
                   CASE WHEN random() < 0.95 THEN 'done'
                        WHEN random() < 0.6 THEN 'overdue' ELSE 'cancelled' END
               ELSE CASE WHEN random() < 0.4 THEN 'done' ELSE 'planned' END END AS st
        FROM cadres_cadre c,
             generate_series(date_trunc('month', CURRENT_DATE) - make_interval(months => %(months)s - 1),
                             date_trunc('month', CURRENT_DATE), interval '1 month') AS m
        WHERE random() < %(per_month)s
    ) s
    """,
    # Subsidies: ~12% of cadres entitled to one type, a paid batch every month.
    """
    INSERT INTO services_entitlement
        (monthly_amount, starts_on, approval_number, notes, created_at, cadre_id, subsidy_type_id)
    SELECT 300, date_trunc('month', CURRENT_DATE) - make_interval(months => %(months)s),
           'bench', '', now(), id, 1 + id %% 3
    FROM cadres_cadre WHERE random() < %(entitled)s AND status = 'active'
    """,
    """
    INSERT INTO services_entitlementamount
        (effective_from, monthly_amount, reason, approval_number, created_at, entitlement_id)
    SELECT starts_on, monthly_amount, '核定', 'bench', now(), id FROM services_entitlement
    """,
    """
    INSERT INTO services_paymentbatch (month, status, paid_at, notes, created_at)
    SELECT m, 'paid', now(), 'bench', now()
    FROM generate_series(date_trunc('month', CURRENT_DATE) - make_interval(months => %(months)s - 1),
                         date_trunc('month', CURRENT_DATE), interval '1 month') AS m
    """,
    """
    INSERT INTO services_payment
        (month, amount, bank_name, account_number, status, failed_reason, created_at, cadre_id,
         entitlement_id, unit_id, batch_id, subsidy_type_id)
    SELECT b.month, e.monthly_amount, '', '', 'paid', '', now(), e.cadre_id, e.id, c.unit_id,
           b.id, e.subsidy_type_id
    FROM services_entitlement e JOIN cadres_cadre c ON c.id = e.cadre_id
    CROSS JOIN services_paymentbatch b
    """,
]


def phase_seed(size: int, per_year: float) -> dict:
    from django.core.management import call_command
    from django.db import connection

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, skip_checks=True)
    migrate_s = time.perf_counter() - t0
    rng = random.Random(size)
    units = seed_units()
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        with cursor.connection.cursor().copy(
            f"COPY cadres_cadre ({CADRE_COLUMNS}, created_at, updated_at) FROM STDIN"
        ) as copy:
            buffer = io.StringIO()
            for i, row in enumerate(cadre_rows(size, units, rng), 1):
                buffer.write(row[:-1] + "\tnow\tnow\n")
                if i % 20000 == 0:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())
    copy_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    params = {"months": HISTORY_MONTHS, "per_month": per_year / 12, "entitled": ENTITLED}
    with connection.cursor() as cursor:
        for sql in HISTORY_SQL:
            cursor.execute(sql, params)
        cursor.execute("ANALYZE")
        counts = {}
        for table in ("cadres_cadre", "services_visit", "services_payment", "accounts_orgunit"):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            counts[table] = cursor.fetchone()[0]
    history_s = time.perf_counter() - t0
    facts_s = None
    try:
        from apps.dashboard import facts
    except ImportError:
        facts = None
    if facts is not None:
        t0 = time.perf_counter()
        facts.refresh_all()
        facts_s = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "migrate_s": migrate_s,
        "copy_s": copy_s,
        "history_s": history_s,
        "facts_full_refresh_s": facts_s,
        "counts": counts,
    }


def phase_migrate() -> dict:
    """A database seeded by an older version: its new migrations (the facts are built by the
    first refresh, timed here)."""
    from django.core.management import call_command
    from django.db import connection

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, skip_checks=True)
    result = {"migrate_s": time.perf_counter() - t0}
    try:
        from apps.dashboard import facts
    except ImportError:
        return result
    t0 = time.perf_counter()
    result["facts_marks"] = facts.refresh()
    result["facts_first_refresh_s"] = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return result


# --- dashboard ------------------------------------------------------------------------------------


def replay(statements: list[tuple[str, object]]) -> float:
    """The same SQL on a bare cursor, rolled back: the floor under the Django code."""
    from django.db import connection, transaction

    t0 = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                if cursor.description:
                    cursor.fetchall()
        transaction.set_rollback(True)
    return (time.perf_counter() - t0) * 1000


class Recorder:
    """Records (sql, params) of every statement executed (an execute_wrapper)."""

    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


def phase_dashboard(repeat: int) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.dashboard import selectors

    today = timezone.localdate()
    result = {"users": {}}
    for username in ("province_leader", "d000_staff"):
        user = User.objects.select_related("unit").get(username=username)
        window = selectors.Window(year=today.year, today=today)
        key = selectors.cache_key(user, window)
        client = Client()
        client.force_login(user)
        client.get("/dashboard/")
        uncached, cached, queries = [], [], 0
        for _ in range(repeat):
            cache.delete(key)
            recorder = Recorder()
            with connection.execute_wrapper(recorder):
                t0 = time.perf_counter()
                response = client.get("/dashboard/")
                uncached.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.status_code
            queries = len(recorder.statements)
        for _ in range(repeat):
            t0 = time.perf_counter()
            response = client.get("/dashboard/")
            cached.append((time.perf_counter() - t0) * 1000)
        # Its own SQL: the queries of compute() alone, replayed raw.
        recorder = Recorder()
        with connection.execute_wrapper(recorder):
            selectors.compute(user, window)
        raw = [replay(recorder.statements) for _ in range(repeat)]
        timed = []
        for sql, params in recorder.statements:
            t0 = time.perf_counter()
            replay([(sql, params)])
            timed.append(((time.perf_counter() - t0) * 1000, sql[:90]))
        result["users"][username] = {
            "uncached_ms": statistics.median(uncached),
            "cached_ms": statistics.median(cached),
            "queries": queries,
            "own_sql_ms": statistics.median(raw),
            "top_sql": sorted(timed, reverse=True)[:3],
        }
    return result


# --- jobs -----------------------------------------------------------------------------------------


def run_daily(day: date) -> tuple[float, int, dict]:
    from apps.core import jobs

    t0 = time.perf_counter()
    total, per_job = 0, {}
    for job in jobs.jobs(jobs.DAILY):
        j0 = time.perf_counter()
        count = jobs.run_job(job.name, on=day)
        per_job[job.name] = (count, round(time.perf_counter() - j0, 2))
        total += count or 0
    return time.perf_counter() - t0, total, per_job


def is_write(sql: str) -> bool:
    head = sql.lstrip().upper()
    return head.startswith(("INSERT", "UPDATE", "DELETE"))


def day_of_edits(day: date, *, cadres: int = 100, admitted: int = 20) -> dict:
    """A day's work between two runs, through the ORM: `cadres` register records edited and
    saved (phone, health), `admitted` hospitalisations recorded (their on-save visit planning
    included). Returns the row counts."""
    from apps.cadres.models import Cadre, Hospitalization

    rng = random.Random(21)
    active = Cadre.objects.filter(status=Cadre.Status.ACTIVE)
    low, high = (active.order_by(k).values_list("pk", flat=True).first() for k in ("pk", "-pk"))
    picked = active.filter(pk__in=rng.sample(range(low, high + 1), (cadres + admitted) * 3))
    chosen = list(picked.order_by("pk")[: cadres + admitted])
    for cadre in chosen[:cadres]:
        cadre.phone = f"139{rng.randrange(10**8):08d}"
        cadre.health = rng.choice([Cadre.Health.GOOD, Cadre.Health.FAIR, Cadre.Health.POOR])
        cadre.save()
    for cadre in chosen[cadres:]:
        Hospitalization.objects.create(
            cadre=cadre, hospital="市第一人民医院", admitted_on=day - timedelta(days=1)
        )
    return {"edited": min(cadres, len(chosen)), "admitted": max(len(chosen) - cadres, 0)}


def phase_jobs(day: date) -> dict:
    from django.db import connection

    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        first_s, created, per_job = run_daily(day)
    writes = [(sql, params) for sql, params in recorder.statements if is_write(sql)]
    facts_s = None
    try:
        from apps.dashboard import facts
    except ImportError:
        facts = None
    if facts is not None:  # the frequent job after the daily ones: the day's slices
        t0 = time.perf_counter()
        facts.refresh()
        facts_s = time.perf_counter() - t0
    rerun_s, recreated, per_job_rerun = run_daily(day)
    # A second plain re-run: the first re-run may still see what later jobs of the first run
    # wrote after an earlier job's start (reminders, overdue marks).
    rerun2_s, _, per_job_rerun2 = run_daily(day)
    edits = day_of_edits(day)
    edited_s, edited_created, per_job_edited = run_daily(day)
    return {
        "facts_refresh_after_first_s": facts_s,
        "first_s": first_s,
        "created": created,
        "per_job": per_job,
        "rerun_s": rerun_s,
        "rerun_created": recreated,
        "per_job_rerun": per_job_rerun,
        "rerun2_s": rerun2_s,
        "per_job_rerun2": per_job_rerun2,
        "edits": edits,
        "edited_rerun_s": edited_s,
        "edited_rerun_created": edited_created,
        "per_job_edited": per_job_edited,
        "statements": writes,
        "queries_first": len(recorder.statements),
    }


def phase_statements(path: str) -> dict:
    """The first run's write statements alone (those that changed rows: INSERT … SELECT and the
    UPDATEs), replayed in one transaction on a fresh copy, rolled back. The foreign keys are
    DEFERRABLE INITIALLY DEFERRED: a rolled-back replay would never run their checks, which the
    jobs pay at each commit, so the replay makes them immediate (checked at each statement's
    end). `top`: the slowest statements."""
    from django.db import connection, transaction

    statements = pickle.loads(Path(path).read_bytes())  # noqa: S301 - written by this bench
    result = {"count": len(statements)}
    timed = []
    try:
        t0 = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql, params in statements:
                s0 = time.perf_counter()
                cursor.execute(sql, params)
                timed.append((round(time.perf_counter() - s0, 2), " ".join(sql.split())[:70]))
            transaction.set_rollback(True)
        result["statements_s"] = time.perf_counter() - t0
    except Exception as exc:  # noqa: BLE001 - reported, the bench goes on
        result.update(statements_s=float("nan"), error=str(exc)[:200])
    result["top"] = sorted(timed, reverse=True)[:6]
    return result


def phase_frequent() -> dict:
    from django.utils import timezone

    from apps.dashboard.services import dashboard_cache_warm

    result = {}
    try:
        from apps.dashboard import facts
    except ImportError:
        facts = None
    if facts is not None:
        t0 = time.perf_counter()
        facts.refresh_all()
        result["facts_full_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        result["facts_incremental_rows"] = facts.dashboard_facts_refresh(on=timezone.localdate())
        result["facts_incremental_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    result["warm_scopes"] = dashboard_cache_warm(on=timezone.localdate())
    result["warm_s"] = time.perf_counter() - t0
    return result


# --- driver ---------------------------------------------------------------------------------------


def child(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if out.returncode:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(f"child {args} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_child(phase: str, name: str, extra: dict) -> None:
    setup_django(name)
    if phase == "seed":
        result = phase_seed(extra["size"], extra["per_year"])
    elif phase == "dashboard":
        result = phase_dashboard(extra["repeat"])
    elif phase == "jobs":
        result = phase_jobs(date.fromisoformat(extra["day"]))
        Path(extra["out"]).write_bytes(pickle.dumps(result.pop("statements")))
    elif phase == "statements":
        result = phase_statements(extra["out"])
    elif phase == "migrate":
        result = phase_migrate()
    elif phase == "frequent":
        result = phase_frequent()
    else:
        raise SystemExit(f"unknown phase {phase}")
    result["peak_mb"] = peak_mb()
    print(json.dumps(result, default=str))


def bench_size(size: int, args) -> dict:
    name = db_name(size)
    if args.reseed:
        drop(name)
    seeded = None
    if not exists(name):
        admin(f'CREATE DATABASE "{name}"')
        t0 = time.perf_counter()
        seeded = child(
            [
                "--phase",
                "seed",
                "--db",
                name,
                "--extra",
                json.dumps({"size": size, "per_year": args.visits_per_year}),
            ]
        )
        seeded["total_s"] = time.perf_counter() - t0
        print(f"[{size}] seeded {name}: {json.dumps(seeded)}", flush=True)
    else:
        upgraded = child(["--phase", "migrate", "--db", name, "--extra", "{}"])
        print(f"[{size}] reusing {name}, migrated: {json.dumps(upgraded)}", flush=True)
    dash = child(
        ["--phase", "dashboard", "--db", name, "--extra", json.dumps({"repeat": args.repeat})]
    )
    print(f"[{size}] dashboard: {json.dumps(dash)}", flush=True)
    out = str(Path(tempfile.gettempdir()) / f"province_{name}_statements.pickle")
    jobs_db = copy_of(name, "jobs")
    jobs = child(
        [
            "--phase",
            "jobs",
            "--db",
            jobs_db,
            "--extra",
            json.dumps({"day": args.jobs_date, "out": out}),
        ]
    )
    drop(jobs_db)
    print(f"[{size}] jobs: {json.dumps(jobs)}", flush=True)
    stmt_db = copy_of(name, "stmts")
    stmts = child(["--phase", "statements", "--db", stmt_db, "--extra", json.dumps({"out": out})])
    drop(stmt_db)
    print(f"[{size}] statements: {json.dumps(stmts)}", flush=True)
    freq_db = copy_of(name, "freq")
    freq = child(["--phase", "frequent", "--db", freq_db, "--extra", "{}"])
    drop(freq_db)
    print(f"[{size}] frequent: {json.dumps(freq)}", flush=True)
    return {
        "size": size,
        "seed": seeded,
        "dashboard": dash,
        "jobs": jobs,
        "statements": stmts,
        "frequent": freq,
    }


def table(results: list[dict]) -> None:
    print()
    print("| size | path | now | baseline | ratio |")
    print("|---|---|---|---|---|")
    for r in results:
        s = r["size"]
        for user, d in r["dashboard"]["users"].items():
            print(
                f"| {s} | dashboard {user}, uncached | {d['uncached_ms']:.0f} ms, "
                f"{d['queries']} queries | own SQL {d['own_sql_ms']:.0f} ms | "
                f"{d['uncached_ms'] / max(d['own_sql_ms'], 0.01):.2f}× |"
            )
            print(f"| {s} | dashboard {user}, cached | {d['cached_ms']:.1f} ms | — | — |")
        j, st = r["jobs"], r["statements"]
        print(
            f"| {s} | daily jobs, first run | {j['first_s']:.2f} s ({j['created']} rows) | "
            f"its {st['count']} write statements {st['statements_s']:.2f} s | "
            f"{j['first_s'] / max(st['statements_s'], 0.001):.2f}× |"
        )
        print(
            f"| {s} | daily jobs, re-run | {j['rerun_s']:.2f} s ({j['rerun_created']} rows) | "
            "nothing to do | — |"
        )
        if "edited_rerun_s" in j:
            print(f"| {s} | daily jobs, re-run again | {j['rerun2_s']:.2f} s | nothing to do | — |")
            e = j["edits"]
            print(
                f"| {s} | daily jobs, re-run after a day's edits ({e['edited']} cadres edited, "
                f"{e['admitted']} admitted) | {j['edited_rerun_s']:.2f} s "
                f"({j['edited_rerun_created']} rows) | — | — |"
            )
            for key, title in (
                ("per_job_rerun", "re-run"),
                ("per_job_rerun2", "re-run again"),
                ("per_job_edited", "after edits"),
            ):
                slow = sorted(j[key].items(), key=lambda kv: -kv[1][1])[:4]
                print(
                    f"| {s} | per job, {title} (slowest) | "
                    + ", ".join(f"{n} {t:.2f} s ({c})" for n, (c, t) in slow)
                    + " | — | — |"
                )
        if j.get("facts_refresh_after_first_s") is not None:
            print(
                f"| {s} | facts refresh after the first run | "
                f"{j['facts_refresh_after_first_s']:.2f} s | — | — |"
            )
        f = r["frequent"]
        if "facts_full_s" in f:
            print(
                f"| {s} | facts: full refresh / incremental | {f['facts_full_s']:.2f} s / "
                f"{f['facts_incremental_s']:.2f} s | — | — |"
            )
        print(f"| {s} | cache warm, {f['warm_scopes']} scopes | {f['warm_s']:.1f} s | — | — |")
        print(
            f"| {s} | peak memory: dashboard / jobs / warm | {r['dashboard']['peak_mb']:.0f} / "
            f"{j['peak_mb']:.0f} / {f['peak_mb']:.0f} MB | — | — |"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="50000,200000")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--visits-per-year", type=float, default=6.0)
    parser.add_argument("--jobs-date", default="2027-02-01")
    parser.add_argument("--phase")
    parser.add_argument("--db")
    parser.add_argument("--extra", default="{}")
    args = parser.parse_args()
    if args.phase:
        run_child(args.phase, args.db, json.loads(args.extra))
        return
    results = [bench_size(int(s), args) for s in args.sizes.split(",")]
    table(results)


if __name__ == "__main__":
    main()
