"""Reads of 荣誉退休: the checklist list behind the pages and the dashboard's completion figures."""

from django.db.models import Count, Q, QuerySet

from .models import Checklist

STATES = [("open", "进行中"), ("done", "已完成")]


def checklists(user, *, year: int | None, unit_id: int | None = None, state: str = "") -> QuerySet:
    qs = Checklist.objects.visible_to(user).select_related("cadre__unit")
    if year is not None:
        qs = qs.filter(started_on__year=year)
    if unit_id is not None:
        qs = qs.filter(cadre__unit_id=unit_id)
    if state == "open":
        qs = qs.in_progress()
    elif state == "done":
        qs = qs.completed()
    return qs.annotate(
        n_done=Count("steps", filter=Q(steps__done_on__isnull=False)), n_steps=Count("steps")
    ).order_by("-started_on", "cadre__unit__path", "pk")


def completion_by_unit(user, *, year: int) -> list[dict]:
    """Per cadre unit: checklists started in `year`, and how many are complete."""
    return list(
        Checklist.objects.visible_to(user)
        .filter(started_on__year=year)
        .order_by()
        .values("cadre__unit_id", "cadre__unit__name", "cadre__unit__path")
        .annotate(started=Count("pk"), completed=Count("pk", filter=Q(completed_on__isnull=False)))
        .order_by("cadre__unit__path")
    )
