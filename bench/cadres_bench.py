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
    parser.add_argument("--preview-rows", type=int, default=10_000)
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
        (
            "admin cadre list, a far page",
            client,
            "/admin/cadres/cadre/",
            {"p": str(max(1, min(500, args.cadres // 100)))},
        ),
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
    admin_vs_stock(User.objects.get(username="bureau"))
    roster_preview(args.preview_rows, User.objects.get(username="bureau"))
    t0 = time.perf_counter()
    response = client.get("/cadres/export.xlsx")
    print(
        f"export all {args.cadres} to xlsx: {time.perf_counter() - t0:.1f} s, {len(response.content) / 1e6:.1f} MB"
    )


def admin_vs_stock(user) -> None:
    """The portal's cadre changelist against a stock ModelAdmin with the same columns on the same
    table, both called as views (same request, no middleware); HTML bytes and gzipped bytes."""
    import gzip

    from django.contrib import admin
    from django.test import RequestFactory

    from apps.cadres.models import Cadre

    class Stock(admin.ModelAdmin):
        list_display = ["name", "gender", "birth_date", "id_number", "phone", "unit"]
        list_display += ["retirement_kind", "rank", "political_status", "status"]
        list_per_page = 50  # the same page size as the portal's

    stock = Stock(Cadre, admin.site)  # same site and URLs, not registered
    ours = admin.site._registry[Cadre]
    factory = RequestFactory()

    def view(model_admin):
        def run():
            request = factory.get("/admin/cadres/cadre/", HTTP_ACCEPT_ENCODING="identity")
            request.user = user
            request.session = {}
            request._messages = []
            response = model_admin.changelist_view(request)
            response.render()
            return response

        return run

    results = {}
    for label, model_admin in (("stock ModelAdmin", stock), ("portal CadreAdmin", ours)):
        try:
            response = view(model_admin)()
        except Exception as exc:  # noqa: BLE001 - the stock admin needs the stock site's URLs
            print(f"{label}: {exc.__class__.__name__}: {exc}")
            continue
        median, worst = timed(view(model_admin))
        size = len(response.content)
        results[label] = median
        print(
            f"{label:42} {median:10.1f} {worst:8.1f}   {size / 1024:6.0f} KB html, "
            f"{len(gzip.compress(response.content)) / 1024:5.0f} KB gzipped"
        )
    if len(results) == 2:
        ratio = results["portal CadreAdmin"] / results["stock ModelAdmin"]
        print(f"admin changelist: {ratio:.2f}× a stock ModelAdmin (goal ≤ 1.5×)")


def roster_preview(rows: int, user) -> None:
    """A `rows`-row roster previewed as the import job does (goal: 10,000 rows ≤ 10 s)."""
    from io import BytesIO

    from openpyxl import Workbook

    from apps.accounts.models import OrgUnit
    from apps.cadres import roster_import
    from apps.cadres.idcard import check_char
    from apps.cadres.roster import TEMPLATE_HEADERS

    unit = OrgUnit.objects.filter(kind=OrgUnit.Kind.DISTRICT).first()
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(TEMPLATE_HEADERS)
    for n in range(rows):
        first17 = f"3201021940{(n // 28) % 12 + 1:02d}{n % 28 + 1:02d}{n % 1000:03d}"
        row = dict.fromkeys(TEMPLATE_HEADERS, "")
        row.update(
            {
                "姓名": f"张{n}",
                "民族": "汉族",
                "身份证号": first17 + check_char(first17),
                "离退休类别": "退休",
                "离退休时间": "2000.10",
                "政治面貌": "中共党员",
                "联系电话": f"139{n:08d}",
                "现住址": f"人民路{n}号",
                "管理单位": unit.name,
            }
        )
        sheet.append([row[h] for h in TEMPLATE_HEADERS])
    data = BytesIO()
    book.save(data)
    t0 = time.perf_counter()
    from openpyxl import load_workbook

    list(load_workbook(BytesIO(data.getvalue()), read_only=True).worksheets[0].iter_rows())
    read_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = roster_import.preview(BytesIO(data.getvalue()), user=user, unit=None)
    took = time.perf_counter() - t0
    print(
        f"roster preview, {rows} rows: {took:.1f} s ({result.summary()}); reading the file "
        f"alone with openpyxl {read_s:.1f} s: {took / read_s:.1f}× (goal ≤ 10 s)"
    )


if __name__ == "__main__":
    main()
