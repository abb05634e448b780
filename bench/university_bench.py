"""Benchmark of the 老年大学 allocation: 20,000 applications for 5,000 places.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_university \
        .venv/bin/python bench/university_bench.py [--applications 20000] [--places 5000]

Seeds a separate database (<name>_university_bench, recreated each run): the register (one
cadre per application), one city term with 100 classes (quota places/100 each, demand skewed so
about a third are oversubscribed) and three priority rules (离休 first, new first, one popular
class). Then prints: the allocation time and peak Python memory (tracemalloc), against a
baseline (a bare SELECT of the same applications) as a ratio; a second allocation (nothing to
do); the published draws recomputed from their seeds; 200 withdrawals moving up the waiting list.
"""

import argparse
import random
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _register import fresh_django, seed_register  # noqa: E402

CLASSES = 100


def seed(n: int, places: int, rng: random.Random):
    from django.utils import timezone

    from apps.accounts.models import OrgUnit
    from apps.cadres.models import Cadre
    from apps.university.models import (
        Application,
        ClassSlot,
        Course,
        PriorityRule,
        SchoolClass,
        Term,
    )

    today = date(2026, 12, 2)
    seed_register(n, rng, today=today)
    city = OrgUnit.objects.get(parent__isnull=True)
    now = timezone.now()
    term = Term.objects.create(
        unit=city,
        name="2027年春季学期",
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=150),
        apply_opens_at=now - timedelta(days=20),
        apply_closes_at=now - timedelta(days=1),
        allocate_on=today,
        status=Term.Status.PUBLISHED,
        max_choices=3,
    )
    for order, kind in enumerate(
        [PriorityRule.Kind.LIXIU_FIRST, PriorityRule.Kind.NEW_FIRST, PriorityRule.Kind.ONE_POPULAR],
        start=1,
    ):
        PriorityRule.objects.create(term=term, order=order, kind=kind)
    courses = Course.objects.bulk_create(
        [Course(unit=city, name=f"课程{i:03d}") for i in range(CLASSES)]
    )
    quota = max(1, places // CLASSES)
    classes = SchoolClass.objects.bulk_create(
        [
            SchoolClass(
                term=term, course=c, name=f"班{i:03d}", teacher="老师", room="教室", quota=quota
            )
            for i, c in enumerate(courses)
        ]
    )
    ClassSlot.objects.bulk_create(
        [
            ClassSlot(
                school_class=c,
                weekday=1 + i % 7,
                starts_at=f"{8 + (i // 7) % 10:02d}:00",
                ends_at=f"{8 + (i // 7) % 10:02d}:50",
            )
            for i, c in enumerate(classes)
        ]
    )
    # Demand skewed: weight 1/(rank+1)^0.8, so the first classes draw many times their quota.
    weights = [1 / (i + 1) ** 0.8 for i in range(CLASSES)]
    cadres = list(Cadre.objects.values_list("pk", flat=True))
    Cadre.objects.filter(pk__in=cadres[::7]).update(retirement_kind="lixiu")
    picks = rng.choices(classes, weights=weights, k=len(cadres))
    Application.objects.bulk_create(
        [
            Application(school_class=c, cadre_id=pk, channel="self")
            for pk, c in zip(cadres, picks, strict=True)
        ],
        batch_size=5000,
    )
    return term, classes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--places", type=int, default=5_000)
    args = parser.parse_args()
    name = fresh_django(
        "postgres://postgres@127.0.0.1:5432/cadre_university",
        "_university_bench",
        redis="redis://127.0.0.1:6379/3",
    )
    from django.db import connection
    from django.db.models import Count, Q

    from apps.university import services
    from apps.university.models import Application, Draw, SchoolClass

    start = time.perf_counter()
    term, classes = seed(args.applications, args.places, random.Random(2026))
    total_quota = sum(c.quota for c in classes)
    print(
        f"seeded {Application.objects.count()} applications, {len(classes)} classes, "
        f"{total_quota} places into {name} in {time.perf_counter() - start:.1f}s"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def baseline():
        return list(
            Application.objects.filter(school_class__term=term, status="applied").values_list(
                "pk", "cadre_id", "school_class_id", "cadre__retirement_kind", "cadre__birth_date"
            )
        )

    base = []
    for _ in range(3):
        start = time.perf_counter()
        rows = baseline()
        base.append(time.perf_counter() - start)
    bare = min(base)
    print(
        f"baseline: bare SELECT of {len(rows)} applications (with the cadre's two fields): {bare:.3f}s"
    )

    from django.urls import reverse

    reverse("university:my")  # the URLconf is loaded once per web/worker process, not per draw
    tracemalloc.start()
    start = time.perf_counter()
    placed = services.term_allocate(term=term, seed="bench-2027")
    took = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"allocation: {took:.2f}s, peak Python memory {peak / 2**20:.1f} MiB, "
        f"{placed} places given — {took / bare:.1f}x the bare SELECT"
    )
    counts = Application.objects.aggregate(
        enrolled=Count("pk", filter=Q(status="enrolled")),
        waiting=Count("pk", filter=Q(status="waiting")),
    )
    over = SchoolClass.objects.filter(pk__in=Draw.objects.values("school_class_id")).count()
    print(f"  enrolled={counts['enrolled']} waiting={counts['waiting']} draws={over}")
    start = time.perf_counter()
    again = services.term_allocate(term=term, seed="other")
    print(f"second allocation (nothing to do): {time.perf_counter() - start:.3f}s, placed={again}")
    start = time.perf_counter()
    ok = all(services.draw_verify(d) for d in Draw.objects.all())
    print(
        f"recompute {over} published draws from their seeds: {time.perf_counter() - start:.2f}s, all match={ok}"
    )

    enrolled = list(
        Application.objects.filter(
            status="enrolled", school_class__in=Draw.objects.values("school_class_id")
        ).order_by("pk")[:200]
    )
    start = time.perf_counter()
    moved = sum(
        len(services.application_withdraw(application=a, by=None, reason="bench")) for a in enrolled
    )
    took = time.perf_counter() - start
    print(
        f"{len(enrolled)} withdrawals with move-up: {took:.2f}s "
        f"({1000 * took / max(1, len(enrolled)):.1f} ms each), moved up={moved}"
    )
    over_quota = [
        c.pk
        for c in SchoolClass.objects.annotate(
            n=Count("applications", filter=Q(applications__status="enrolled"))
        )
        if c.n > c.quota
    ]
    print(f"classes over quota: {len(over_quota)}")


if __name__ == "__main__":
    main()
