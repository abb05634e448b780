"""Benchmark of the monthly subsidy batch at city scale: 50,000 cadres, 60,000 entitlements.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_subsidies \
        .venv/bin/python bench/subsidies_bench.py [--cadres 50000] [--entitlements 60000]

Seeds a separate database (<name>_subsidies_bench, recreated each run) with bulk inserts, then
generates the December batch (bar: < 30 s), regenerates it with nothing new (bar: < 5 s), runs
the subsidy reminders and builds the review totals, differences and the finance export, printing
times and counts.
"""

import argparse
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _register import fresh_django, seed_register  # noqa: E402

MONTH = date(2026, 12, 1)


def seed(n: int, wanted: int, rng: random.Random) -> dict:
    from apps.cadres.models import Cadre
    from apps.subsidies.models import CadreBankAccount, Entitlement, EntitlementAmount, SubsidyType

    units = seed_register(n, rng, today=date(2026, 11, 20))
    cadres = list(Cadre.objects.values_list("pk", "birth_date"))
    types = {t.code: t for t in SubsidyType.objects.all()}
    # Every cadre one manual entitlement (困难帮扶 / 慰问金 alternately), 10,000 more a second one;
    # manual types keep the age rule out so the count is exactly `wanted`.
    plan = [(pk, "hardship" if i % 2 else "condolence") for i, (pk, _) in enumerate(cadres)]
    extra = wanted - len(plan)
    plan += [
        (pk, "condolence" if i % 2 else "hardship") for i, (pk, _) in enumerate(cadres[:extra])
    ]
    entitlements = Entitlement.objects.bulk_create(
        [
            Entitlement(
                cadre_id=pk,
                subsidy_type=types[code],
                monthly_amount=Decimal(rng.choice(["100.00", "300.00", "600.50"])),
                starts_on=date(2025, 1, 1),
                approval_number="老干〔2025〕1号",
            )
            for pk, code in plan[:wanted]
        ],
        batch_size=5000,
    )
    EntitlementAmount.objects.bulk_create(
        [
            EntitlementAmount(
                entitlement=e, effective_from=e.starts_on, monthly_amount=e.monthly_amount
            )
            for e in entitlements
        ],
        batch_size=5000,
    )
    CadreBankAccount.objects.bulk_create(
        [
            CadreBankAccount(
                cadre_id=pk,
                bank_name="中国工商银行",
                account_name="户名",
                account_number=f"622202{pk:013d}",
            )
            for pk, _ in cadres
        ],
        batch_size=5000,
    )
    return {"cadres": len(cadres), "entitlements": len(entitlements), "units": len(units) + 1}


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    print(f"{label}: {time.perf_counter() - start:.2f}s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cadres", type=int, default=50_000)
    parser.add_argument("--entitlements", type=int, default=60_000)
    args = parser.parse_args()
    name = fresh_django(
        "postgres://postgres@127.0.0.1:5432/cadre_subsidies",
        "_subsidies_bench",
        redis="redis://127.0.0.1:6379/7",
    )
    from django.db import connection
    from django.db.models import Sum

    from apps.accounts.models import User
    from apps.notifications.models import Reminder
    from apps.subsidies.exports import batch_workbook
    from apps.subsidies.models import Payment, PaymentBatch
    from apps.subsidies.selectors import batch_differences, batch_totals
    from apps.subsidies.services import batch_generate, subsidies_remind

    start = time.perf_counter()
    shape = seed(args.cadres, args.entitlements, random.Random(2026))
    print(
        f"seeded {shape['cadres']} cadres, {shape['entitlements']} entitlements in "
        f"{shape['units']} units into {name} in {time.perf_counter() - start:.1f}s"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for label in ("generate (first run)", "regenerate (nothing new)"):
        start = time.perf_counter()
        batch, created = batch_generate(month=MONTH)
        took = time.perf_counter() - start
        print(
            f"{label} {MONTH:%Y-%m}: {took:.2f}s — new payments={created}, "
            f"rows in batch={Payment.objects.filter(batch=batch).count()}"
        )
    total = Payment.objects.filter(batch=batch).aggregate(s=Sum("amount"))["s"]
    print(f"  batch total {total} yuan over {PaymentBatch.objects.count()} batch(es)")
    bureau = User.objects.get(username="bureau")
    totals = timed("review totals (city)", lambda: batch_totals(batch=batch, user=bureau))
    print(f"  {totals['count']} rows, {totals['total']} yuan, {len(totals['by_unit'])} units")
    timed("differences from last month", lambda: batch_differences(batch=batch, user=bureau))
    content = timed("finance export (city)", lambda: batch_workbook(batch=batch, user=bureau))
    print(f"  export {len(content) // 1024} KiB")
    for label in ("reminders run 1", "reminders run 2"):
        created = timed(label, lambda: subsidies_remind(on=date(2026, 11, 20)))
        print(f"  new reminders={created}, total={Reminder.objects.count()}")


if __name__ == "__main__":
    main()
