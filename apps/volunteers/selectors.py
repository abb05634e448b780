"""Reads that aggregate: reports per team and per field, top volunteers, statements.

Every report is a fixed handful of GROUP BY queries in PostgreSQL, whatever the number of teams,
volunteers or activities: activity totals and hour totals are grouped separately, because joining
activities to their records would count an activity's beneficiaries once per participant.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q, Sum

from .models import (
    ServiceField,
    ServiceRecord,
    TimeBankEntry,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)

ZERO = Decimal("0")


@dataclass
class ReportRow:
    key: int
    name: str
    extra: str = ""
    activities: int = 0
    beneficiaries: int = 0
    participants: int = 0
    participations: int = 0
    hours: Decimal = ZERO
    # 总队/大队: the team with every team below it (activities and hours add up; people don't).
    subtree_activities: int | None = None
    subtree_hours: Decimal | None = None


@dataclass
class Report:
    start: date
    end: date
    rows: list[ReportRow] = field(default_factory=list)
    # A volunteer in two teams is one person: the total is counted, not summed.
    participants_total: int = 0

    @property
    def total(self) -> ReportRow:
        total = ReportRow(key=0, name="合计", participants=self.participants_total)
        for row in self.rows:
            total.activities += row.activities
            total.beneficiaries += row.beneficiaries
            total.participations += row.participations
            total.hours += row.hours
        return total


def _activities(user, start: date, end: date):
    teams = VolunteerTeam.objects.visible_to(user).values("pk")
    return VolunteerActivity.objects.filter(team__in=teams, date__gte=start, date__lte=end)


def _confirmed(user, start: date, end: date):
    return ServiceRecord.objects.filter(
        activity__in=_activities(user, start, end).values("pk"),
        status=ServiceRecord.Status.CONFIRMED,
    )


def _record_totals(user, start: date, end: date, key: str) -> tuple[list[dict], int]:
    """Confirmed hours per `key` (team or field) and the distinct people overall, in one query.

    Grouping first by (key, volunteer) keeps PostgreSQL on hash aggregates: a COUNT(DISTINCT)
    over 300k records sorts them (on disk at the default work_mem); the pairs are a few
    thousand rows, and the total of distinct people is read from the same materialised CTE.
    """
    pairs = (
        _confirmed(user, start, end)
        .values(k=F(key), v=F("volunteer"))
        .annotate(n=Count("pk"), h=Sum("hours"))
        .order_by()
    )
    sql, params = pairs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH pairs AS MATERIALIZED ({sql}) "  # noqa: S608 - ORM-compiled, parameterised
            'SELECT "k", SUM("n")::bigint, COUNT(*), SUM("h"), '
            '(SELECT COUNT(DISTINCT "v") FROM pairs) FROM pairs GROUP BY "k"',
            params,
        )
        rows = cursor.fetchall()
    totals = [{"key": k, "n": n, "people": people, "hours": h} for k, n, people, h, _ in rows]
    return totals, (rows[0][4] if rows else 0)


def _merge(rows: dict[int, ReportRow], by_key: str, activity_totals, record_totals) -> None:
    for item in activity_totals:
        row = rows.get(item[by_key])
        if row is not None:
            row.activities = item["n"]
            row.beneficiaries = item["beneficiaries"] or 0
    for item in record_totals:
        row = rows.get(item["key"])
        if row is not None:
            row.participants = item["people"]
            row.participations = item["n"]
            row.hours = item["hours"] or ZERO


def team_report(*, user, start: date, end: date) -> Report:
    """Per visible team: activities, beneficiaries, distinct participants, verified hours."""
    teams = list(
        VolunteerTeam.objects.visible_to(user)
        .select_related("unit")
        .order_by("unit__path", "level", "name")
    )
    parents = {t.pk: t.parent_id for t in teams}
    rows = {
        t.pk: ReportRow(key=t.pk, name=t.name, extra=f"{t.unit.name} · {t.get_level_display()}")
        for t in teams
    }
    activity_totals = (
        _activities(user, start, end)
        .values("team")
        .annotate(n=Count("pk"), beneficiaries=Sum("beneficiaries"))
        .order_by()
    )
    record_totals, people = _record_totals(user, start, end, "activity__team")
    _merge(rows, "team", activity_totals, record_totals)
    _roll_up(rows, parents)
    return Report(start=start, end=end, rows=list(rows.values()), participants_total=people)


def _roll_up(rows: dict[int, ReportRow], parents: dict[int, int | None]) -> None:
    """Add each visible team's totals to every visible ancestor (the tree is a few levels)."""
    for key in set(parents.values()) & rows.keys():
        rows[key].subtree_activities, rows[key].subtree_hours = 0, ZERO
    for key, row in rows.items():
        node, seen = key, set()
        while node is not None and node not in seen and node in rows:
            seen.add(node)
            ancestor = rows[node]
            if ancestor.subtree_hours is not None:
                ancestor.subtree_activities += row.activities
                ancestor.subtree_hours += row.hours
            node = parents.get(node)


def field_report(*, user, start: date, end: date) -> Report:
    """Per service field: the same totals over the user's visible teams."""
    rows = {f.pk: ReportRow(key=f.pk, name=f.name) for f in ServiceField.objects.all()}
    activity_totals = (
        _activities(user, start, end)
        .values("field")
        .annotate(n=Count("pk"), beneficiaries=Sum("beneficiaries"))
        .order_by()
    )
    record_totals, people = _record_totals(user, start, end, "activity__field")
    _merge(rows, "field", activity_totals, record_totals)
    return Report(start=start, end=end, rows=list(rows.values()), participants_total=people)


def top_volunteers(*, user, start: date, end: date, limit: int = 20) -> list[dict]:
    """Volunteers with the most verified hours in the period, within the user's teams.

    Aggregated by volunteer id alone, then names are fetched for the few winners: grouping by
    the joined name columns would join every record to the register before aggregating.
    """
    top = list(
        _confirmed(user, start, end)
        .values("volunteer")
        .annotate(hours=Sum("hours"), activities=Count("pk"))
        .order_by("-hours", "volunteer")[:limit]
    )
    names = {
        v["pk"]: v
        for v in Volunteer.objects.filter(pk__in=[t["volunteer"] for t in top]).values(
            "pk", "cadre__name", "cadre__unit__name"
        )
    }
    for item in top:
        item["volunteer__cadre__name"] = names[item["volunteer"]]["cadre__name"]
        item["volunteer__cadre__unit__name"] = names[item["volunteer"]]["cadre__unit__name"]
    return top


def volunteer_hours(*, volunteer: Volunteer, start: date | None = None, end: date | None = None):
    """A volunteer's verified hours and activities (all teams), optionally over a period."""
    qs = volunteer.records.confirmed()
    if start:
        qs = qs.filter(activity__date__gte=start)
    if end:
        qs = qs.filter(activity__date__lte=end)
    totals = qs.aggregate(hours=Sum("hours"), activities=Count("pk"))
    return {"hours": totals["hours"] or ZERO, "activities": totals["activities"]}


def volunteer_statement(*, volunteer: Volunteer):
    """Every credit and debit of the volunteer's time bank, oldest first."""
    return (
        TimeBankEntry.objects.filter(volunteer=volunteer)
        .select_related("record__activity", "recorded_by")
        .order_by("created_at", "pk")
    )


def pending_counts(*, user) -> dict:
    qs = ServiceRecord.objects.visible_to(user).filter(status=ServiceRecord.Status.PENDING)
    return qs.aggregate(records=Count("pk"), activities=Count("activity", distinct=True))


def team_summary(*, team: VolunteerTeam) -> dict:
    totals = VolunteerActivity.objects.filter(team=team).aggregate(
        activities=Count("pk"), beneficiaries=Sum("beneficiaries")
    )
    hours = ServiceRecord.objects.filter(activity__team=team).aggregate(
        confirmed=Sum("hours", filter=Q(status=ServiceRecord.Status.CONFIRMED)),
        pending=Sum("hours", filter=Q(status=ServiceRecord.Status.PENDING)),
    )
    return {
        "activities": totals["activities"],
        "beneficiaries": totals["beneficiaries"] or 0,
        "confirmed_hours": hours["confirmed"] or ZERO,
        "pending_hours": hours["pending"] or ZERO,
    }
