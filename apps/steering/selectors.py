"""Reads of the steering app: the lists behind every page and dashboard figure."""

from datetime import date

from django.db.models import Count, F, Q, QuerySet

from .models import AssessmentEntry, AssessmentRound, TaskAssignment

# ?status= of the assignment list: a state, or "overdue" (open past its deadline).
OVERDUE = "overdue"
STATUS_FILTERS = [*TaskAssignment.Status.choices, (OVERDUE, "已逾期")]


def assignments(
    user, *, year: int | None, today: date, unit_id: int | None = None, status: str = ""
) -> QuerySet:
    """The assignments the user sees, narrowed by year, owner unit and status (or overdue)."""
    qs = TaskAssignment.objects.visible_to(user).select_related("item__task_list", "unit")
    if year is not None:
        qs = qs.filter(item__task_list__year=year)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if status == OVERDUE:
        qs = qs.overdue(today)
    elif status in TaskAssignment.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("item__deadline", "item__task_list_id", "item__number", "unit__path", "pk")


def progress_by_unit(user, *, year: int, today: date) -> list[dict]:
    """Per owner unit: items assigned, accepted, awaiting review, overdue; score earned."""
    rows = (
        TaskAssignment.objects.visible_to(user)
        .filter(item__task_list__year=year)
        .order_by()
        .values("unit_id", "unit__name", "unit__path")
        .annotate(
            total=Count("pk"),
            accepted=Count("pk", filter=Q(status=TaskAssignment.Status.ACCEPTED)),
            submitted=Count("pk", filter=Q(status=TaskAssignment.Status.SUBMITTED)),
            overdue=Count(
                "pk",
                filter=Q(status__in=TaskAssignment.OPEN_STATES, item__deadline__lt=today),
            ),
        )
        .order_by("unit__path")
    )
    return list(rows)


def ranking(round: AssessmentRound, user) -> list[AssessmentEntry]:
    """Entries of the round the user sees, best total first. The rank is the place in the whole
    round (equal totals share it): a district sees its own place, not the others' rows."""
    totals = list(
        AssessmentEntry.objects.filter(round=round, total__isnull=False)
        .order_by("-total")
        .values_list("total", flat=True)
    )
    entries = list(
        AssessmentEntry.objects.visible_to(user)
        .filter(round=round)
        .select_related("unit")
        .order_by(F("total").desc(nulls_last=True), "unit__path", "candidate", "pk")
    )
    for entry in entries:
        entry.rank = None if entry.total is None else totals.index(entry.total) + 1
    return entries


def latest_round(user, *, year: int, kind: str) -> AssessmentRound | None:
    return (
        AssessmentRound.objects.visible_to(user)
        .filter(year=year, rubric__kind=kind)
        .order_by("-pk")
        .first()
    )
