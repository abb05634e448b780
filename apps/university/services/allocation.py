"""Allocation after the window: per class, a reproducible lottery within priority tiers.

The draw of a class orders its applications by (tier, sha256(seed + ":" + application id)).
The tier comes from the term's priority rules, evaluated in their order (the first rule is the
most significant bit): e.g. 离休 first, then those not enrolled last term. The seed, the rules and
the ordered list are stored in a Draw row and published, so anyone can recompute the order.

"One popular class per person": oversubscribed classes are drawn first (most oversubscribed
first); whoever already won a place in one of them is drawn in a lower tier in the next.
A winner whose weekly times overlap a place they already hold is passed over (stays waiting).
"""

import hashlib
import logging
import secrets
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from apps.cadres.models import Cadre
from apps.core.dates import years_ago

from ..models import Application, Draw, PriorityRule, SchoolClass, Term
from .enrolment import slots_of, slots_overlap

logger = logging.getLogger(__name__)


def draw_key(seed: str, application_id: int) -> str:
    return hashlib.sha256(f"{seed}:{application_id}".encode()).hexdigest()


def draw_order(entries, seed: str) -> list[tuple[int, int]]:
    """[(application id, tier)] in drawn order: by tier, then by the seeded hash."""
    return sorted(entries, key=lambda e: (e[1], draw_key(seed, e[0])))


def draw_verify(draw: Draw) -> bool:
    """Recompute a published draw from its seed: True when the stored order is the one the seed
    gives (anyone may run the same sha256 by hand)."""
    entries = [(app_id, tier) for app_id, tier in draw.order]
    return [list(e) for e in draw_order(entries, draw.seed)] == [list(e) for e in draw.order]


@dataclass
class Applicant:
    pk: int
    cadre_id: int
    class_id: int
    lixiu: bool
    birth_date: object


def _previous_term_students(term: Term) -> set[int]:
    previous = (
        Term.objects.filter(unit_id=term.unit_id, ends_on__lt=term.starts_on)
        .order_by("-ends_on", "-pk")
        .first()
    )
    if previous is None:
        return set()
    return set(
        Application.objects.filter(
            school_class__term=previous, enrolled_at__isnull=False
        ).values_list("cadre_id", flat=True)
    )


def _tier(applicant: Applicant, rules, *, term, previous: set, popular_winners: set) -> int:
    tier = 0
    for rule in rules:
        kind = rule["kind"]
        if kind == PriorityRule.Kind.LIXIU_FIRST:
            preferred = applicant.lixiu
        elif kind == PriorityRule.Kind.NEW_FIRST:
            preferred = applicant.cadre_id not in previous
        elif kind == PriorityRule.Kind.AGE_FIRST:
            preferred = applicant.birth_date <= years_ago(term.starts_on, rule["age"])
        elif kind == PriorityRule.Kind.ONE_POPULAR:
            preferred = applicant.cadre_id not in popular_winners
        else:  # an unknown kind prefers nobody
            preferred = True
        tier = tier * 2 + (0 if preferred else 1)
    return tier


def _held_slots(term: Term, cadre_ids) -> dict[int, list]:
    """Weekly times of places the cadres already hold in other terms running at the same time."""
    rows = list(
        Application.objects.filter(
            cadre_id__in=cadre_ids,
            status=Application.Status.ENROLLED,
            school_class__term__starts_on__lte=term.ends_on,
            school_class__term__ends_on__gte=term.starts_on,
        )
        .exclude(school_class__term=term)
        .values_list("cadre_id", "school_class_id")
    )
    slots = slots_of({c for _, c in rows})
    held: dict[int, list] = defaultdict(list)
    for cadre_id, class_id in rows:
        held[cadre_id].extend(slots[class_id])
    return held


def _write(results: list[tuple[int, str, int, int]], at) -> None:
    """One UPDATE … FROM unnest(…) for every application of the term."""
    table = Application._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} AS a
               SET status = v.status, tier = v.tier, draw_rank = v.rank,
                   enrolled_at = CASE WHEN v.status = 'enrolled' THEN %s ELSE NULL END
              FROM unnest(%s::bigint[], %s::varchar[], %s::int[], %s::int[])
                   AS v (id, status, tier, rank)
             WHERE a.id = v.id
            """,  # noqa: S608 - table name from the model, values as parameters
            [
                at,
                [r[0] for r in results],
                [r[1] for r in results],
                [r[2] for r in results],
                [r[3] for r in results],
            ],
        )


@transaction.atomic
def term_allocate(*, term: Term, by=None, seed: str | None = None, at=None) -> int:
    """Allocate every class of the term; returns the number of places given. Idempotent: a term
    already allocated is left as it is (0). The term row is locked, so two runs (a double click,
    the daily job) never draw twice. `seed` (e.g. announced before the draw) makes the draw
    reproducible; without one a random seed is drawn and stored."""
    at = at or timezone.now()
    term = Term.objects.select_for_update().get(pk=term.pk)
    if term.is_allocated:
        return 0
    if term.status != Term.Status.PUBLISHED:
        raise ValidationError("学期尚未发布，不能分配。")
    if at < term.apply_closes_at:
        raise ValidationError("报名尚未截止，截止后才能分配名额。")
    seed = (seed or "").strip() or secrets.token_hex(16)
    if len(seed) > 48:
        raise ValidationError("随机种子不能超过 48 个字符。")
    rules = [
        {"kind": r.kind, "age": r.age, "label": str(r)}
        for r in PriorityRule.objects.filter(term=term, active=True).order_by("order", "pk")
    ]
    classes = {
        c.pk: c
        for c in SchoolClass.objects.filter(term=term, status=SchoolClass.Status.OPEN).order_by(
            "pk"
        )
    }
    applicants: dict[int, list[Applicant]] = defaultdict(list)
    rows = (
        Application.objects.filter(school_class__term=term, status=Application.Status.APPLIED)
        .order_by()
        .values_list(
            "pk", "cadre_id", "school_class_id", "cadre__retirement_kind", "cadre__birth_date"
        )
    )
    for pk, cadre_id, class_id, kind, birth in rows.iterator(chunk_size=5000):
        applicants[class_id].append(
            Applicant(pk, cadre_id, class_id, kind == Cadre.RetirementKind.LIXIU, birth)
        )
    previous = _previous_term_students(term)
    slots = slots_of(classes)
    # The applicants as a subquery: an IN list of 20,000 ids would cost more than the lookup.
    held = _held_slots(
        term,
        Application.objects.filter(
            school_class__term=term, status=Application.Status.APPLIED
        ).values("cadre_id"),
    )
    popular = {pk for pk, c in classes.items() if len(applicants[pk]) > c.quota}
    # Most oversubscribed first; then the rest, by id (a fixed, published order).
    order = sorted(
        classes,
        key=lambda pk: (
            pk not in popular,
            -(len(applicants[pk]) / classes[pk].quota),
            pk,
        ),
    )
    popular_winners: set[int] = set()
    results: list[tuple[int, str, int, int]] = []
    draws = []
    placed_total = 0
    for class_id in order:
        school_class = classes[class_id]
        group = applicants[class_id]
        if not group:
            continue
        class_seed = f"{seed}-{class_id}"
        by_pk = {a.pk: a for a in group}
        tiers = [
            (
                a.pk,
                _tier(a, rules, term=term, previous=previous, popular_winners=popular_winners),
            )
            for a in group
        ]
        drawn = draw_order(tiers, class_seed)
        placed = 0
        for rank, (pk, tier) in enumerate(drawn, start=1):
            applicant = by_pk[pk]
            status = Application.Status.WAITING
            if placed < school_class.quota and not slots_overlap(
                slots[class_id], held[applicant.cadre_id]
            ):
                status = Application.Status.ENROLLED
                placed += 1
                held[applicant.cadre_id] = held[applicant.cadre_id] + slots[class_id]
                if class_id in popular:
                    popular_winners.add(applicant.cadre_id)
            results.append((pk, status, tier, rank))
        placed_total += placed
        if class_id in popular:
            draws.append(
                Draw(
                    school_class=school_class,
                    seed=class_seed,
                    drawn_by=by,
                    applicants=len(group),
                    quota=school_class.quota,
                    rules=[r["label"] for r in rules],
                    order=[[pk, tier] for pk, tier in drawn],
                )
            )
    _write(results, at)
    Draw.objects.bulk_create(draws)
    term.status = Term.Status.ALLOCATED
    term.allocated_at = at
    term.allocated_by = by
    term.save(update_fields=["status", "allocated_at", "allocated_by"])
    logger.info(
        "term %s allocated: %s applications, %s places, %s draws",
        term.pk,
        len(results),
        placed_total,
        len(draws),
    )
    from .reminders import KIND_PLACE, remind_applications

    transaction.on_commit(
        lambda: remind_applications(
            [r[0] for r in results if r[1] == Application.Status.ENROLLED], kind=KIND_PLACE
        )
    )
    return placed_total


def terms_allocate_due(*, on) -> int:
    """Daily: allocate published terms whose allocation date has come and whose window closed."""
    placed = 0
    now = timezone.now()
    due = Term.objects.filter(
        status=Term.Status.PUBLISHED, allocate_on__lte=on, apply_closes_at__lte=now
    )
    for term in due:
        placed += term_allocate(term=term, at=now)
    return placed
