"""一员一卡: everything the bureau knows and did for one cadre, read through the other apps'
selectors and scoped querysets.

What a section shows is decided by `sees_sensitive(user)` (apps.accounts.masking), once per card:
leadership (no `cadres.view_sensitive`) get names, units, party standing, volunteer hours and
counts; health, money, family and whereabouts (birth date, 安置地, hardship, hospital stays and
visit titles, plan measures and needs, request content, subsidies, the time-bank ledger) stay
with staff, and are not even read from the database for the others."""

from datetime import date

from django.db.models import Count, Q

from apps.accounts.masking import sees_sensitive, shown
from apps.branches.models import Attendance, Membership
from apps.branches.selectors import medal_cutoff, standing_years
from apps.cadres.models import Cadre
from apps.casework.models import ServicePlan, ServiceRequest
from apps.subsidies.models import Entitlement, Payment
from apps.visits.models import Visit
from apps.visits.selectors import visits_for_cadre
from apps.volunteers.models import TimeBankEntry, Volunteer
from apps.volunteers.selectors import volunteer_hours

VISITS_LISTED = 10
LEDGER_LISTED = 5
LISTED = 6


def register(cadre: Cadre, user, today: date, *, sensitive: bool) -> dict:
    return {
        "sensitive": sensitive,
        "age": cadre.age_on(today),
        "id_number": shown(user, cadre.id_number, "id"),
        "phone": shown(user, cadre.phone, "phone"),
        "address": cadre.address if sensitive else "",
        "family": (
            [
                {"name": c.name, "relation": c.relation, "phone": shown(user, c.phone, "phone")}
                for c in cadre.family_contacts.all()
            ]
            if sensitive
            else []
        ),
        "hospitalizations": list(cadre.hospitalizations.all()[:5]) if sensitive else [],
        "life_events": list(cadre.life_events.all()[:5]) if sensitive else [],
    }


def party(cadre: Cadre, user, today: date) -> dict | None:
    if not cadre.is_party_member:
        return None
    membership = (
        Membership.objects.visible_to(user)
        .active()
        .filter(cadre=cadre)
        .select_related("branch", "branch__unit")
        .first()
    )
    attendance = Attendance.objects.filter(
        cadre=cadre, activity__held_on__year=today.year
    ).aggregate(
        total=Count("pk"),
        present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
        excused=Count("pk", filter=Q(status=Attendance.Status.EXCUSED)),
    )
    joined = cadre.party_joined_on
    return {
        "membership": membership,
        "standing": standing_years(joined, on=today) if joined else None,
        "medal": bool(joined and joined <= medal_cutoff(today.year)),
        "attendance": attendance,
    }


def volunteering(cadre: Cadre, user, today: date, *, sensitive: bool) -> dict | None:
    volunteer = (
        Volunteer.objects.visible_to(user).filter(cadre=cadre).prefetch_related("teams").first()
    )
    if volunteer is None:
        return None
    return {
        "volunteer": volunteer,
        "all_time": volunteer_hours(volunteer=volunteer),
        "this_year": volunteer_hours(volunteer=volunteer, start=date(today.year, 1, 1), end=today),
        "ledger": (
            list(
                TimeBankEntry.objects.filter(volunteer=volunteer).order_by("-created_at", "-pk")[
                    :LEDGER_LISTED
                ]
            )
            if sensitive
            else []
        ),
    }


def visits(cadre: Cadre, user, *, sensitive: bool) -> dict:
    """Counts for everyone; the visits themselves (titles name the occasion and the hospital,
    the form may be 医院) only for staff."""
    qs = visits_for_cadre(cadre=cadre, user=user)
    counts = qs.order_by().aggregate(
        done=Count("pk", filter=Q(status=Visit.Status.DONE)),
        open=Count("pk", filter=Q(status__in=[Visit.Status.PLANNED, Visit.Status.OVERDUE])),
        overdue=Count("pk", filter=Q(status=Visit.Status.OVERDUE)),
    )
    if not sensitive:
        return {"counts": counts, "due": [], "done": []}
    return {
        "counts": counts,
        "due": list(qs.open().order_by("due_date", "pk")[:VISITS_LISTED]),
        "done": list(
            qs.filter(status=Visit.Status.DONE).order_by("-done_on", "-pk")[:VISITS_LISTED]
        ),
    }


def support(cadre: Cadre, user, *, sensitive: bool) -> dict:
    """一人一策 plans, subsidy entitlements with the last payments, and 急难愁盼 requests.
    Without the permission: how many plans and requests, nothing of what they say, and no money
    (a subsidy's type alone tells hardship or disability)."""
    if not sensitive:
        plans = ServicePlan.objects.visible_to(user).filter(cadre=cadre).order_by()
        requests = ServiceRequest.objects.visible_to(user).filter(cadre=cadre).order_by()
        return {
            "plans": [],
            "entitlements": [],
            "payments": [],
            "requests": [],
            "plan_count": plans.count(),
            "request_count": requests.count(),
        }
    return {
        "plans": list(
            ServicePlan.objects.visible_to(user)
            .filter(cadre=cadre)
            .select_related("responsible")
            .prefetch_related("needs")
            .order_by("-created_at", "-pk")[:LISTED]
        ),
        "entitlements": list(
            Entitlement.objects.visible_to(user)
            .filter(cadre=cadre)
            .select_related("subsidy_type")
            .order_by("-starts_on", "pk")[:LISTED]
        ),
        "payments": list(
            Payment.objects.visible_to(user)
            .filter(cadre=cadre)
            .select_related("subsidy_type")
            .order_by("-month", "-pk")[:LISTED]
        ),
        "requests": list(
            ServiceRequest.objects.visible_to(user)
            .filter(cadre=cadre)
            .select_related("urgency", "assignee")
            .order_by("-received_at", "-pk")[:LISTED]
        ),
    }


def cadre_card(*, cadre: Cadre, user, today: date) -> dict:
    sensitive = sees_sensitive(user)
    return {
        "sensitive": sensitive,
        "register": register(cadre, user, today, sensitive=sensitive),
        "party": party(cadre, user, today),
        "volunteer": volunteering(cadre, user, today, sensitive=sensitive),
        "visits": visits(cadre, user, sensitive=sensitive),
        "support": support(cadre, user, sensitive=sensitive),
    }
