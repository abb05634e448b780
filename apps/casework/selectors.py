"""Reads of plans and requests: lists for the cadre page and the response-time report. Every one
starts from `visible_to(user)`."""

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from .models import ServicePlan, ServiceRequest


def cadre_plans(*, cadre, user):
    """The cadre's 一人一策 plans in force (the cadre page)."""
    return ServicePlan.objects.visible_to(user).active().filter(cadre=cadre).order_by("review_on")


def cadre_open_requests(*, cadre, user):
    return (
        ServiceRequest.objects.visible_to(user)
        .open()
        .filter(cadre=cadre)
        .order_by("-received_at", "-pk")
    )


def request_response_report(*, user, since=None) -> list[dict]:
    """Per unit: requests received, closed, still open past deadline, closed on time and the
    average hours from receipt to closing."""
    qs = ServiceRequest.objects.visible_to(user).order_by()
    if since is not None:
        qs = qs.filter(received_at__gte=since)
    took = ExpressionWrapper(F("closed_at") - F("received_at"), output_field=DurationField())
    now = timezone.now()
    rows = (
        qs.values("cadre__unit__name", "cadre__unit__path")
        .annotate(
            received=Count("pk"),
            closed=Count("pk", filter=Q(status=ServiceRequest.Status.CLOSED)),
            on_time=Count(
                "pk",
                filter=Q(status=ServiceRequest.Status.CLOSED, closed_at__lte=F("deadline")),
            ),
            overdue_open=Count(
                "pk", filter=~Q(status=ServiceRequest.Status.CLOSED) & Q(deadline__lt=now)
            ),
            avg_took=Avg(took, filter=Q(status=ServiceRequest.Status.CLOSED)),
        )
        .order_by("cadre__unit__path")
    )
    result = []
    for row in rows:
        hours = row["avg_took"].total_seconds() / 3600 if row["avg_took"] is not None else None
        result.append(
            {
                "unit": row["cadre__unit__name"],
                "received": row["received"],
                "closed": row["closed"],
                "on_time": row["on_time"],
                "overdue_open": row["overdue_open"],
                "avg_hours": round(hours, 1) if hours is not None else None,
                "on_time_rate": round(row["on_time"] * 100 / row["closed"], 1)
                if row["closed"]
                else None,
            }
        )
    return result


def requests_drilled(qs, *, user, params):
    """The request list narrowed to the rows a dashboard figure counted (apps/dashboard/
    casework.py): received in `year`, under `unit` (a unit of the user's scope, with its
    subtree), `closed=1`, `rated=1`, `source` (老干部端 …)."""
    from apps.accounts.models import OrgUnit

    year = params.get("year", "")
    if year.isdigit():
        qs = qs.filter(received_at__year=int(year))
    unit_id = params.get("unit", "")
    if unit_id.isdigit():
        unit = OrgUnit.objects.visible_to(user).filter(pk=int(unit_id)).first()
        qs = qs.filter(cadre__unit__path__startswith=unit.path) if unit else qs.none()
    if params.get("closed") == "1":
        qs = qs.filter(status=ServiceRequest.Status.CLOSED)
    if params.get("rated") == "1":
        qs = qs.filter(rating__isnull=False)
    if params.get("source") in ServiceRequest.Source.values:
        qs = qs.filter(source=params["source"])
    return qs
