"""Benchmark of the leadership dashboard at city scale, uncached and cached.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_dashboard REDIS_URL=redis://127.0.0.1:6379/6 \
        .venv/bin/python bench/dashboard_bench.py [--cadres 50000] [--repeat 30] [--reseed]

Seeds (once) a separate database named after DATABASE_URL's with a `_bench` suffix through the
apps' own demo seeders (`manage.py seed_demo --cadres N`), then tops the history up to three
years: the branch activities and volunteer activities (with their service records) of the demo
year are copied into the two years before it, the month's visits into every month of the three
years before (~1.7M visits) and the last paid subsidy batch into the 35 months before it (all
in SQL). Then VACUUM ANALYZE, and it times the dashboard
page through Django's test client for the city leadership and a district's staff: uncached
(the scope's cache entry deleted before every request) and cached, p50/p95 server time and the
number of queries.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bench_database_url(url: str) -> tuple[str, str]:
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    name = name if "bench" in name else name + "_bench"
    return urlunparse(parts._replace(path="/" + name)), name


def ensure_database(url: str, name: str, reseed: bool) -> None:
    import psycopg

    admin = urlunparse(urlparse(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reseed:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(cadres: int) -> None:
    from django.core.management import call_command

    from apps.cadres.models import Cadre

    call_command("migrate", verbosity=0)
    if Cadre.objects.count() >= cadres:
        print(f"seed: {Cadre.objects.count()} cadres already there")
        return
    t0 = time.monotonic()
    call_command("seed_demo", cadres=cadres, verbosity=0)
    print(f"seed: seed_demo --cadres {cadres} in {time.monotonic() - t0:.1f}s")


HISTORY_SQL = [
    # Branch activities: the demo's year, again one and two years earlier.
    """
    INSERT INTO branches_branchactivity
        (kind, held_on, topic, place, content, submit_token, created_at, updated_at, branch_id,
         recorded_by_id, withdrawn_at, withdrawn_by_id, withdrawn_reason)
    SELECT kind, (held_on - make_interval(years => y))::date, topic, place, content,
           gen_random_uuid(), created_at, updated_at, branch_id, recorded_by_id, withdrawn_at,
           withdrawn_by_id, withdrawn_reason
    FROM branches_branchactivity, generate_series(1, 2) AS y
    """,
    # Volunteer activities and their records, shifted by one and two years.
    """
    CREATE TEMP TABLE act_map AS
    SELECT a.id AS old_id, y, nextval(pg_get_serial_sequence('volunteers_volunteeractivity', 'id'))
           AS new_id
    FROM volunteers_volunteeractivity a, generate_series(1, 2) AS y
    """,
    """
    INSERT INTO volunteers_volunteeractivity
        (id, title, date, place, beneficiaries, description, created_at, field_id, project_id,
         recorded_by_id, team_id)
    SELECT m.new_id, a.title, (a.date - make_interval(years => m.y))::date, a.place,
           a.beneficiaries, a.description, a.created_at, a.field_id, a.project_id,
           a.recorded_by_id, a.team_id
    FROM act_map m JOIN volunteers_volunteeractivity a ON a.id = m.old_id
    """,
    """
    INSERT INTO volunteers_servicerecord
        (hours, status, verified_at, reject_reason, activity_id, verified_by_id, volunteer_id)
    SELECT r.hours, r.status, r.verified_at, r.reject_reason, m.new_id, r.verified_by_id,
           r.volunteer_id
    FROM act_map m JOIN volunteers_servicerecord r ON r.activity_id = m.old_id
    """,
    # Visits: this month's (monthly calls to everyone, birthdays, …) in each of the 36 months
    # before, as done visits of those months.
    """
    INSERT INTO services_visit
        (occasion, occasion_key, title, due_date, status, done_on, form, visitors, notes, money,
         gifts, recorded_at, cancelled_reason, created_at, assignee_id, cadre_id, campaign_id,
         recorded_by_id, rule_id)
    SELECT occasion, occasion_key || ':bench-' || k, title,
           (due_date - make_interval(months => k))::date,
           CASE WHEN random() < 0.97 THEN 'done' ELSE 'overdue' END,
           (due_date - make_interval(months => k))::date, 'phone', visitors, notes, money, gifts,
           recorded_at, cancelled_reason, created_at, assignee_id, cadre_id, NULL,
           recorded_by_id, rule_id
    FROM services_visit, generate_series(1, 36) AS k
    WHERE due_date >= date_trunc('month', CURRENT_DATE)
      AND due_date < date_trunc('month', CURRENT_DATE) + interval '1 month'
      AND occasion_key NOT LIKE '%%:bench-%%'
    """,
]


PAYMENT_SQL = [
    # Subsidy payments: the demo's last paid batch again in each of the 35 months before it,
    # as paid batches of those months (three years of money paid).
    """
    INSERT INTO services_paymentbatch (month, status, paid_at, notes, created_at)
    SELECT (last.month - make_interval(months => k))::date, 'paid', now(), 'bench', now()
    FROM (SELECT max(month) AS month FROM services_paymentbatch WHERE status = 'paid') AS last,
         generate_series(1, 35) AS k
    ON CONFLICT (month) DO NOTHING
    """,
    """
    INSERT INTO services_payment
        (month, amount, bank_name, account_number, status, failed_reason, created_at, cadre_id,
         entitlement_id, unit_id, batch_id, subsidy_type_id)
    SELECT b.month, p.amount, p.bank_name, p.account_number, 'paid', '', now(), p.cadre_id,
           p.entitlement_id, p.unit_id, b.id, p.subsidy_type_id
    FROM services_payment p
    JOIN services_paymentbatch last ON last.id = p.batch_id
        AND last.month = (SELECT max(month) FROM services_paymentbatch
                          WHERE status = 'paid' AND notes <> 'bench')
    JOIN services_paymentbatch b ON b.notes = 'bench'
    WHERE p.status <> 'failed'
    ON CONFLICT DO NOTHING
    """,
]


def top_up_payments() -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM services_paymentbatch WHERE notes = 'bench'")
        if cursor.fetchone()[0]:
            print("payments: already topped up")
            return
        t0 = time.monotonic()
        for sql in PAYMENT_SQL:
            cursor.execute(sql)
        cursor.execute("SELECT count(*), count(DISTINCT month) FROM services_payment")
        rows, months = cursor.fetchone()
    print(f"payments: {rows} rows over {months} months in {time.monotonic() - t0:.1f}s")


def top_up_history() -> None:
    from django.db import connection, transaction

    # One transaction: a crash half-way leaves no partial history to be copied twice.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM services_visit WHERE occasion_key LIKE '%%:bench-%%'")
        if cursor.fetchone()[0]:
            print("history: already topped up")
            return
        t0 = time.monotonic()
        for sql in HISTORY_SQL:
            cursor.execute(sql)
        counts = {}
        for table in ("branches_branchactivity", "volunteers_servicerecord", "services_visit"):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
            counts[table] = cursor.fetchone()[0]
    print(f"history: 3 years in {time.monotonic() - t0:.1f}s: {counts}")


def vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def timed(client, url: str, repeat: int, *, clear) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(repeat):
        if clear:
            clear()
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = max(queries, len(ctx.captured_queries))
    return times, queries


def report(label: str, times: list[float], queries: int) -> None:
    print(
        f"  {label:<34} p50 {statistics.median(times):7.1f} ms   p95 {percentile(times, 95):7.1f} ms"
        f"   max queries {queries}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cadres", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()

    url, name = bench_database_url(os.environ["DATABASE_URL"])
    ensure_database(url, name, args.reseed)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_portal.settings")
    os.environ.setdefault("CACHE_KEY_PREFIX", "cadre-bench")
    os.environ.setdefault(
        "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.dashboard import selectors

    print(f"database: {name}")
    seed(args.cadres)
    top_up_history()
    top_up_payments()
    vacuum()

    today = timezone.localdate()
    from apps.dashboard.services import dashboard_cache_warm

    t0 = time.perf_counter()
    scopes = dashboard_cache_warm(on=today)
    print(f"warm job: {scopes} scopes in {(time.perf_counter() - t0) * 1000:.0f} ms")
    for username in ("leader", "district_dc"):
        user = User.objects.select_related("unit").get(username=username)
        client = Client()
        client.force_login(user)
        key = selectors.cache_key(user, selectors.Window(year=today.year, today=today))
        client.get("/dashboard/")  # warm-up: templates, URL resolver, connection
        print(f"{username} ({user.get_role_display()}, {user.unit.name}):")
        for path in ("/dashboard/", "/dashboard/screen/"):
            times, queries = timed(client, path, args.repeat, clear=lambda k=key: cache.delete(k))
            report(f"{path} uncached", times, queries)
            times, queries = timed(client, path, args.repeat, clear=None)
            report(f"{path} cached", times, queries)
        times, queries = timed(client, "/dashboard/annual/", max(3, args.repeat // 5), clear=None)
        report("/dashboard/annual/ (年报+校验)", times, queries)


if __name__ == "__main__":
    main()
