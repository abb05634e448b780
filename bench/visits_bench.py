"""Benchmark of the daily visit jobs at city scale (50,000 cadres).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_services \
        .venv/bin/python bench/visits_bench.py [--cadres 50000] [--date 2027-02-01]

Seeds a separate database (<name>_visits_bench, recreated each run) with bulk inserts, then runs
the daily jobs (generate, mark overdue, remind) twice for the same date and prints the times and
row counts. 2027-02-01 is chosen so 春节 (6 February) falls in the notice window: the heaviest
day of the year (everyone's festival visit plus the monthly call).
"""

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _register import fresh_django, seed_register  # noqa: E402


def seed(n: int, rng: random.Random) -> dict:
    from apps.cadres.models import Cadre, Hospitalization, LifeEvent

    units = seed_register(n, rng, today=date(2026, 11, 24))
    ids = list(Cadre.objects.values_list("pk", flat=True))
    Hospitalization.objects.bulk_create(
        [
            Hospitalization(
                cadre_id=rng.choice(ids),
                hospital="市人民医院",
                admitted_on=date(2027, 1, 1) + timedelta(days=rng.randrange(0, 30)),
            )
            for _ in range(500)
        ]
    )
    LifeEvent.objects.bulk_create(
        [
            LifeEvent(
                cadre_id=rng.choice(ids),
                kind=rng.choice(["dispute", "disaster"]),
                occurred_on=date(2027, 1, 1) + timedelta(days=rng.randrange(0, 30)),
                description="基准测试",
            )
            for _ in range(200)
        ]
    )
    return {"cadres": len(ids), "units": len(units) + 1}


def run_jobs(day: date) -> list[tuple[str, int, float]]:
    from apps.core import jobs

    results = []
    for job in jobs.jobs(jobs.DAILY):
        if not job.name.startswith("visits_"):
            continue
        start = time.perf_counter()
        count = jobs.run_job(job.name, on=day)
        results.append((job.name, count, time.perf_counter() - start))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cadres", type=int, default=50_000)
    parser.add_argument("--date", default="2027-02-01")
    args = parser.parse_args()
    name = fresh_django(
        "postgres://postgres@127.0.0.1:5432/cadre_services",
        "_visits_bench",
        redis="redis://127.0.0.1:6379/3",
    )
    from apps.notifications.models import Reminder
    from apps.visits.models import Visit

    start = time.perf_counter()
    shape = seed(args.cadres, random.Random(2026))
    print(
        f"seeded {shape['cadres']} cadres in {shape['units']} units "
        f"into {name} in {time.perf_counter() - start:.1f}s"
    )
    day = date.fromisoformat(args.date)
    for label in ("first run", "second run"):
        start = time.perf_counter()
        results = run_jobs(day)
        total = time.perf_counter() - start
        detail = ", ".join(f"{n}={c} ({t:.2f}s)" for n, c, t in results)
        print(f"{label} for {day}: {total:.2f}s — {detail}")
        print(f"  rows: visits={Visit.objects.count()} reminders={Reminder.objects.count()}")
    bench_delivery()


def bench_delivery() -> None:
    """One run of the frequent delivery job over the day's reminders (email to memory)."""
    from django.conf import settings

    from apps.accounts.models import User
    from apps.notifications.delivery import reminders_deliver
    from apps.notifications.models import Delivery

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REMINDER_CHANNELS = ["inapp", "email"]
    for user in User.objects.all():
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    for label in ("delivery run 1", "delivery run 2"):
        start = time.perf_counter()
        sent = reminders_deliver()
        print(
            f"{label}: {time.perf_counter() - start:.2f}s — sent={sent}, "
            f"delivery rows={Delivery.objects.count()}"
        )


if __name__ == "__main__":
    main()
