"""Reads of 金点子: the staff list and the report per unit and year (one grouped query)."""

from django.db.models import Count, Q

from .models import Suggestion


def suggestion_report(*, user, year: int, on) -> list[dict]:
    qs = Suggestion.objects.visible_to(user).filter(submitted_at__year=year)
    rows = (
        qs.order_by()
        .values("cadre__unit_id", "cadre__unit__name", "cadre__unit__path")
        .annotate(
            submitted=Count("pk"),
            pending=Count("pk", filter=Q(status=Suggestion.Status.SUBMITTED)),
            assigned=Count("pk", filter=Q(status=Suggestion.Status.ASSIGNED)),
            overdue=Count("pk", filter=Q(status=Suggestion.Status.ASSIGNED, deadline__lt=on)),
            answered=Count("pk", filter=Q(status=Suggestion.Status.ANSWERED)),
            declined=Count("pk", filter=Q(status=Suggestion.Status.DECLINED)),
            adopted=Count("pk", filter=Q(adopted=True)),
        )
        .order_by("cadre__unit__path")
    )
    return list(rows)
