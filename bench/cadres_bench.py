"""Register benchmark: seed 50,000 cadres, then time the admin cadre list and searches.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench .venv/bin/python bench/cadres_bench.py [--cadres N]

Uses (and recreates) the database named in DATABASE_URL — point it at a scratch database.
Prints numbers; asserts nothing (speed is measured here, never in tests).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_portal.settings")


def timed(fn, runs=7):
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), max(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cadres", type=int, default=50_000)
    args = parser.parse_args()
    if "bench" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to a scratch database whose name contains 'bench'.")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from apps.accounts.models import User
    from apps.cadres import demo
    from apps.cadres.models import Cadre

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    import random

    from django.utils import timezone

    t0 = time.perf_counter()
    demo.seed(
        rng=random.Random(1), today=timezone.localdate(), log=lambda m: None, cadres=args.cadres
    )
    seed_s = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"seed {Cadre.objects.count()} cadres: {seed_s:.1f} s")

    client = Client()
    client.force_login(User.objects.get(username="bureau"))
    district = Client()
    district.force_login(User.objects.get(username="district_dc"))
    sample = Cadre.objects.order_by("?").first()
    cases = [
        ("admin cadre list (bureau, whole city)", client, "/admin/cadres/cadre/", {}),
        ("admin cadre list page 500", client, "/admin/cadres/cadre/", {"p": "500"}),
        ("admin cadre list (district staff)", district, "/admin/cadres/cadre/", {}),
        ("admin search by name", client, "/admin/cadres/cadre/", {"q": sample.name}),
        (
            "admin search by pinyin initials",
            client,
            "/admin/cadres/cadre/",
            {"q": sample.name_initials},
        ),
        (
            "admin search by last 6 ID digits",
            client,
            "/admin/cadres/cadre/",
            {"q": sample.id_number[-6:]},
        ),
        (
            "portal list, filter 80-89 + party",
            client,
            "/cadres/",
            {"age_band": "80_89", "political_status": "cpc"},
        ),
        ("portal list, 四库 老领导", client, "/cadres/", {"library": "leaders"}),
    ]
    print(f"{'page':42} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for label, c, url, params in cases:
        response = c.get(url, params)
        assert response.status_code == 200, (label, response.status_code)
        counted = []
        with connection.execute_wrapper(
            lambda ex, sql, p, many, ctx, counted=counted: (
                counted.append(1) or ex(sql, p, many, ctx)
            )
        ):
            c.get(url, params)
        median, worst = timed(lambda c=c, url=url, params=params: c.get(url, params))
        print(f"{label:42} {median:10.1f} {worst:8.1f} {len(counted):8d}")
    t0 = time.perf_counter()
    response = client.get("/cadres/export.xlsx")
    print(
        f"export all {args.cadres} to xlsx: {time.perf_counter() - t0:.1f} s, {len(response.content) / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
