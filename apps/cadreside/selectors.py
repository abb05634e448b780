"""Reads of the cadre side. Which cadres a cadre or proxy reaches, and the acting one, are
apps.cadres.acting (the one scope rule, Cadre.objects.visible_to)."""

from apps.branches.models import Attendance, BranchActivity, Membership
from apps.branches.selectors import medal_cutoff, standing_years
from apps.cadres.models import Cadre
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
