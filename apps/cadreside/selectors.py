"""Reads of the cadre side. Which cadres a cadre or proxy reaches, and the acting one, are
apps.cadres.acting (the one scope rule, Cadre.objects.visible_to)."""

from decimal import Decimal

from django.db.models import Sum

from apps.branches.models import Attendance, BranchActivity, Membership
from apps.branches.selectors import medal_cutoff, standing_years
from apps.cadres.models import Cadre
from apps.subsidies.models import Payment
from apps.visits.models import Visit
from apps.volunteers.models import Volunteer
from apps.volunteers.selectors import volunteer_hours, volunteer_statement


def branch_overview(*, user, cadre: Cadre) -> dict:
    memberships = (
        Membership.objects.visible_to(user).active().filter(cadre=cadre).select_related("branch")
    )
    branch_ids = [m.branch_id for m in memberships]
    activities = (
        BranchActivity.objects.visible_to(user)
        .current()
        .filter(branch_id__in=branch_ids)
        .select_related("branch")
        .order_by("-held_on", "-pk")[:20]
    )
    labels = dict(Attendance.Status.choices)
    attendance = {
        activity_id: labels.get(status, status)
        for activity_id, status in Attendance.objects.visible_to(user)
        .filter(cadre=cadre, activity__in=list(activities))
        .values_list("activity_id", "status")
    }
    rows = [(a, attendance.get(a.pk, "未登记")) for a in activities]
    return {"memberships": memberships, "rows": rows}


def party_standing(*, cadre: Cadre, today) -> dict:
    if not cadre.party_joined_on:
        return {}
    return {
        "joined_on": cadre.party_joined_on,
        "years": standing_years(cadre.party_joined_on, on=today),
        "medal": cadre.party_joined_on <= medal_cutoff(today.year),
    }


def volunteer_overview(*, user, cadre: Cadre) -> dict | None:
    volunteer = Volunteer.objects.visible_to(user).filter(cadre=cadre).first()
    if volunteer is None:
        return None
    return {
        "volunteer": volunteer,
        "hours": volunteer_hours(volunteer=volunteer),
        "statement": list(volunteer_statement(volunteer=volunteer))[-20:],
    }


def my_visits(*, user, cadre: Cadre) -> dict:
    """Planned and done visits of the cadre. A cancelled visit is the office's own business;
    an overdue one is still, for the cadre, a visit to come."""
    qs = Visit.objects.visible_to(user).filter(cadre=cadre).select_related("campaign")
    return {
        "planned": qs.filter(status__in=[Visit.Status.PLANNED, Visit.Status.OVERDUE]).order_by(
            "due_date", "pk"
        ),
        "done": qs.filter(status=Visit.Status.DONE).order_by("-done_on", "-pk")[:30],
    }


def my_payments(*, user, cadre: Cadre, today) -> dict:
    """What was (or is about to be) paid to the cadre, month by month; a failed row is left
    out because it is carried into a later batch as a new row."""
    rows = (
        Payment.objects.visible_to(user)
        .counted()
        .filter(cadre=cadre)
        .select_related("subsidy_type")
        .order_by("-month", "subsidy_type__sort_order", "pk")
    )
    year_total = rows.filter(status=Payment.Status.PAID, month__year=today.year).aggregate(
        total=Sum("amount")
    )["total"]
    return {"rows": rows[:60], "year_total": year_total or Decimal("0.00"), "year": today.year}
