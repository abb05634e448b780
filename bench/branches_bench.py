"""Benchmark of the 三会一课 compliance report: 1,000 branches × 3 years of activities.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_branches .venv/bin/python \
        bench/branches_bench.py [--branches 1000] [--years 3] [--repeat 3]

Seeds (once) a separate database named after DATABASE_URL's with a `_bench` suffix, then prints
the time and the number of queries of each report over the whole city.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bench_database_url(url: str) -> tuple[str, str]:
    parts = urlparse(url)
    name = parts.path.lstrip("/") + "_bench"
    return urlunparse(parts._replace(path="/" + name)), name


def ensure_database(url: str, name: str) -> None:
    import psycopg

    admin = urlunparse(urlparse(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(branches: int, years: int, today: date) -> None:
    from apps.accounts.models import OrgUnit
    from apps.branches.models import BranchActivity, PartyBranch

    if PartyBranch.objects.count() >= branches:
        print(f"seed: {PartyBranch.objects.count()} branches already there")
        return
    rng = random.Random(2026)
    t0 = time.monotonic()
    city = OrgUnit.objects.create(name="基准市", kind=OrgUnit.Kind.CITY)
    districts = [
        OrgUnit.objects.create(name=f"区{i}", kind=OrgUnit.Kind.DISTRICT, parent=city)
        for i in range(10)
    ]
    rows = PartyBranch.objects.bulk_create(
        PartyBranch(name=f"第{i}党支部", unit=districts[i % 10], founded_on=date(2000, 1, 1))
        for i in range(branches)
    )
    start = date(today.year - years + 1, 1, 1)
    kinds = ["committee", "group_meeting", "theme_day"]
    batch, total = [], 0
    for branch in rows:
        day = start
        while day <= today:
            month_kinds = kinds + (["general_meeting", "lecture"] if day.month % 3 == 1 else [])
            for kind in month_kinds:
                if rng.random() < 0.1:
                    continue
                held = day + timedelta(days=rng.randint(0, 27))
                if held <= today:
                    batch.append(
                        BranchActivity(branch=branch, kind=kind, held_on=held, topic="基准")
                    )
            day = (day + timedelta(days=32)).replace(day=1)
        if len(batch) >= 20000:
            BranchActivity.objects.bulk_create(batch)
            total, batch = total + len(batch), []
    BranchActivity.objects.bulk_create(batch)
    total += len(batch)
    print(f"seed: {branches} branches, {total} activities in {time.monotonic() - t0:.1f}s")


def timed(label: str, func, repeat: int) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    best, queries, size = float("inf"), 0, 0
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            result = func()
            size = len(result)
            best = min(best, time.perf_counter() - t0)
        queries = len(ctx)
    print(f"{label:<48} {best * 1000:9.1f} ms  {queries:3d} queries  {size:7d} rows")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--branches", type=int, default=1000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    url, name = bench_database_url(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cadre_branches")
    )
    ensure_database(url, name)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    seed(args.branches, args.years, today)

    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum does in production: fresh statistics and a visibility map, so the
        # (branch, held_on, kind) index can answer without visiting the table.
        cursor.execute("VACUUM ANALYZE branches_branchactivity")

    from apps.accounts.models import OrgUnit, Role, User
    from apps.branches import selectors
    from apps.branches.models import BranchActivity, PartyBranch

    user, _ = User.objects.get_or_create(
        username="bench_bureau",
        defaults={"role": Role.BUREAU_STAFF, "unit": OrgUnit.objects.get(parent=None)},
    )
    branches = PartyBranch.objects.visible_to(user)
    first = date(today.year - args.years + 1, 1, 1)
    print(
        f"data: {branches.count()} branches, {BranchActivity.objects.count()} activities, "
        f"{first} .. {today}"
    )
    timed(
        f"compliance, all branches × {args.years} years (quarters)",
        lambda: selectors.compliance(branches, start=first, end=today, as_of=today),
        args.repeat,
    )
    timed(
        "compliance, all branches, current quarter",
        lambda: selectors.compliance(branches, start=today, end=today, as_of=today),
        args.repeat,
    )
    timed(
        "monthly ranking, all branches",
        lambda: selectors.monthly_ranking(branches, month=today.replace(day=1)),
        args.repeat,
    )
    timed(
        "branches without activity for 90 days",
        lambda: list(selectors.inactive_branches(branches, today=today)),
        args.repeat,
    )


if __name__ == "__main__":
    main()
