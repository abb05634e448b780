"""Reads that join or aggregate: a cadre's visit history, "my visits", the month calendar and the
relocated-cadre full-coverage report (走访全覆盖)."""

import calendar as pycalendar
from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from apps.cadres.models import Cadre

from .models import Visit


def visits_for_cadre(*, cadre: Cadre, user) -> QuerySet:
    """A cadre's visit history as `user` may see it, newest first (for the cadre page)."""
    return (
        Visit.objects.visible_to(user)
        .filter(cadre=cadre)
        .select_related("assignee", "rule", "campaign")
        .order_by("-due_date", "-pk")
    )


def week_end(on: date) -> date:
    return on + timedelta(days=6 - on.weekday())


def my_visits(*, user, on: date) -> dict[str, QuerySet]:
    """The assignee's open visits: overdue ones, and planned ones due by the end of this week."""
    mine = (
        Visit.objects.visible_to(user)
        .filter(assignee=user)
        .select_related("cadre", "cadre__unit")
        .order_by("due_date", "pk")
    )
    return {
        "overdue": mine.filter(status=Visit.Status.OVERDUE),
        "this_week": mine.filter(status=Visit.Status.PLANNED, due_date__lte=week_end(on)),
    }


def month_calendar(*, user, year: int, month: int, mine: bool) -> list[list[dict]]:
    """Weeks (Monday first) of day cells, each with its visit counts by status."""
    first = date(year, month, 1)
    last = date(year, month, pycalendar.monthrange(year, month)[1])
    qs = Visit.objects.visible_to(user).filter(due_date__range=(first, last))
    if mine:
        qs = qs.filter(assignee=user)
    counts: dict[date, dict[str, int]] = defaultdict(dict)
    for day, status, n in qs.order_by().values_list("due_date", "status").annotate(n=Count("pk")):
        counts[day][status] = n
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {
                    "day": day,
                    "in_month": day.month == month,
                    "counts": counts.get(day, {}),
                    "total": sum(counts.get(day, {}).values()),
                }
                for day in week
            ]
        )
    return weeks


def _relocated(user, year: int) -> QuerySet:
    done = Visit.objects.filter(cadre=OuterRef("pk"), status=Visit.Status.DONE, done_on__year=year)
    return (
        Cadre.objects.visible_to(user)
        .filter(relocated=True)
        .filter(Q(status=Cadre.Status.ACTIVE) | Q(deceased_on__year__gte=year))
        .annotate(visited=Exists(done))
    )


def coverage_report(*, user, year: int) -> list[dict]:
    """Per managing unit: relocated cadres (易地安置), how many were visited (a done visit in
    `year`) and the rate, for the annual full-coverage goal."""
    rows = (
        _relocated(user, year)
        .order_by()
        .values("unit_id", "unit__name", "unit__path")
        .annotate(total=Count("pk"), covered=Count("pk", filter=Q(visited=True)))
        .order_by("unit__path")
    )
    return [
        {
            "unit": row["unit__name"],
            "total": row["total"],
            "covered": row["covered"],
            "missing": row["total"] - row["covered"],
            "rate": round(100 * row["covered"] / row["total"], 1) if row["total"] else 0.0,
        }
        for row in rows
    ]


def coverage_missing(*, user, year: int) -> QuerySet:
    """The relocated cadres not yet visited in `year` (names only: the work list)."""
    return (
        _relocated(user, year)
        .filter(visited=False)
        .select_related("unit")
        .order_by("unit__path", "name", "pk")
    )


def status_counts(qs: QuerySet) -> dict[str, int]:
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    counts["total"] = sum(counts.values())
    return counts
