"""Reads that aggregate: 三会一课 compliance, reports, political life, dues lists."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, F, FloatField, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, ExtractMonth, NullIf

from apps.cadres.models import Cadre, years_ago

from .models import Attendance, ComplianceRule, DuesRecord, Membership, PartyBranch

QUARTER_MONTHS = 3


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def quarter_label(start: date) -> str:
    return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"


@dataclass(slots=True)
class RuleResult:
    kind: str
    label: str
    period: str
    min_count: int
    count: int
    months_ok: int
    months_required: int

    @property
    def met(self) -> bool:
        if self.period == ComplianceRule.Period.MONTH:
            return self.months_ok >= self.months_required
        return self.count >= self.min_count

    @property
    def requirement(self) -> str:
        unit = "每月" if self.period == ComplianceRule.Period.MONTH else "每季度"
        return f"{unit}≥{self.min_count}次"


@dataclass(slots=True)
class QuarterCompliance:
    branch_id: int
    branch_name: str
    unit_name: str
    quarter: date
    activities: int
    status: str
    rules: list[RuleResult] = field(default_factory=list)

    COMPLIANT, IN_PROGRESS, NOT_COMPLIANT = "compliant", "in_progress", "not_compliant"
    LABELS = {COMPLIANT: "达标", IN_PROGRESS: "进行中", NOT_COMPLIANT: "未达标"}

    @property
    def status_label(self) -> str:
        return self.LABELS[self.status]

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def missing(self) -> list[RuleResult]:
        return [r for r in self.rules if not r.met]


DEMO_ANY = "any"


def demo_filter(branches: QuerySet, level: str) -> QuerySet:
    """Branches of one 示范 level (`any`: every 示范党支部); the dashboard's 示范党支部 figures
    count exactly these, and their links open the branch list with the same `demo_level`.
    An unknown level filters nothing."""
    if level == DEMO_ANY:
        return branches.exclude(demo_level="")
    if level and level in PartyBranch.DemoLevel.values:
        return branches.filter(demo_level=level)
    return branches


def countable_branches(branches: QuerySet) -> QuerySet:
    """The branches 三会一课 is asked of: a 党总支 with no direct members of its own (its
    members all sit in the 支部 under it) holds no meetings of its own and is left out,
    rather than counted as a failing branch."""
    direct = Membership.objects.filter(branch=OuterRef("pk"), left_on__isnull=True)
    return branches.exclude(Q(kind=PartyBranch.Kind.GENERAL) & ~Exists(direct))


def compliance(
    branches: QuerySet, *, start: date, end: date, as_of: date
) -> list[QuarterCompliance]:
    """三会一课 compliance of `branches` for every quarter from `start`'s to `end`'s.

    One SQL statement does the work (besides reading the rules): activities are counted per
    branch and month with one FILTER per rule, then per quarter (months meeting a monthly
    threshold, totals for quarterly ones); branches × quarters come from generate_series so
    a quarter without any activity is a row too. Quarters after `as_of` are left out.
    """
    rules = list(ComplianceRule.objects.filter(is_active=True).order_by("pk"))
    branches = countable_branches(branches)
    first = quarter_start(start)
    last = min(quarter_start(end), quarter_start(as_of))
    if last < first:
        return []
    try:
        branch_sql, branch_params = branches.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # e.g. a secretary who is secretary of no branch yet
        return []
    month_cols = "".join(
        f", COUNT(*) FILTER (WHERE a.kind = %s) AS c{i}" for i in range(len(rules))
    )
    quarter_cols = "".join(
        f", SUM(c{i}) AS n{i}, COUNT(*) FILTER (WHERE c{i} >= %s) AS ok{i}"
        for i in range(len(rules))
    )
    out_cols = "".join(f", COALESCE(q.n{i}, 0), COALESCE(q.ok{i}, 0)" for i in range(len(rules)))
    sql = f"""
        WITH b AS ({branch_sql}),
        m AS (
            SELECT a.branch_id, date_trunc('month', a.held_on::timestamp)::date AS month,
                   COUNT(*) AS n_all{month_cols}
            FROM branches_branchactivity a
            WHERE a.held_on >= %s AND a.held_on < %s AND a.branch_id IN (SELECT * FROM b)
              AND a.withdrawn_at IS NULL
            GROUP BY 1, 2
        ),
        q AS (
            SELECT branch_id, date_trunc('quarter', month::timestamp)::date AS quarter,
                   SUM(n_all) AS n_all{quarter_cols}
            FROM m GROUP BY 1, 2
        )
        SELECT pb.id, pb.name, u.name, pb.founded_on, s.quarter::date, COALESCE(q.n_all, 0)
               {out_cols}
        FROM branches_partybranch pb
        JOIN accounts_orgunit u ON u.id = pb.unit_id
        CROSS JOIN generate_series(%s::timestamp, %s::timestamp, interval '3 months') AS s(quarter)
        LEFT JOIN q ON q.branch_id = pb.id AND q.quarter = s.quarter::date
        WHERE pb.id IN (SELECT * FROM b)
          AND (pb.founded_on IS NULL OR pb.founded_on < s.quarter + interval '3 months')
        ORDER BY u.path, pb.name, pb.id, s.quarter
    """  # noqa: S608 - only generated column names are formatted in; values are parameters
    params = [
        *branch_params,
        *[r.kind for r in rules],
        first,
        add_months(last, QUARTER_MONTHS),
        *[r.min_count for r in rules],
        first,
        last,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    labels = [rule.get_kind_display() for rule in rules]
    result = []
    for row in rows:
        branch_id, name, unit_name, founded_on, quarter, total = row[:6]
        months_required = QUARTER_MONTHS
        if founded_on and founded_on > quarter:
            months_required = QUARTER_MONTHS - (founded_on.month - quarter.month)
        rule_results = [
            RuleResult(
                kind=rule.kind,
                label=labels[i],
                period=rule.period,
                min_count=rule.min_count,
                count=int(row[6 + 2 * i]),
                months_ok=int(row[7 + 2 * i]),
                months_required=months_required,
            )
            for i, rule in enumerate(rules)
        ]
        if all(r.met for r in rule_results):
            status = QuarterCompliance.COMPLIANT
        elif add_months(quarter, QUARTER_MONTHS) > as_of:
            status = QuarterCompliance.IN_PROGRESS
        else:
            status = QuarterCompliance.NOT_COMPLIANT
        result.append(
            QuarterCompliance(branch_id, name, unit_name, quarter, int(total), status, rule_results)
        )
    return result


def branch_year_compliance(branch: PartyBranch, *, today: date) -> list[QuarterCompliance]:
    qs = PartyBranch.objects.filter(pk=branch.pk)
    return compliance(qs, start=date(today.year, 1, 1), end=today, as_of=today)


def monthly_ranking(branches: QuerySet, *, month: date) -> list[PartyBranch]:
    """Branches ranked for `month`: share of the rules met (monthly rules in the month,
    quarterly rules in the quarter so far), then by number of activities."""
    month = month.replace(day=1)
    month_end = add_months(month, 1)
    q_start = quarter_start(month)
    rules = list(ComplianceRule.objects.filter(is_active=True).order_by("pk"))
    annotations = {
        "n_month": Count(
            "activities",
            filter=Q(
                activities__held_on__gte=month,
                activities__held_on__lt=month_end,
                activities__withdrawn_at__isnull=True,
            ),
        )
    }
    for i, rule in enumerate(rules):
        since = month if rule.period == ComplianceRule.Period.MONTH else q_start
        annotations[f"r{i}"] = Count(
            "activities",
            filter=Q(
                activities__kind=rule.kind,
                activities__held_on__gte=since,
                activities__held_on__lt=month_end,
                activities__withdrawn_at__isnull=True,
            ),
        )
    ranked = list(
        branches.select_related("unit").annotate(**annotations).order_by("unit__path", "name")
    )
    for branch in ranked:
        branch.rules_met = sum(
            1 for i, rule in enumerate(rules) if getattr(branch, f"r{i}") >= rule.min_count
        )
        branch.rules_total = len(rules)
        branch.score = round(100 * branch.rules_met / len(rules)) if rules else 100
    ranked.sort(key=lambda b: (-b.score, -b.n_month, b.name))
    for position, branch in enumerate(ranked, start=1):
        branch.rank = position
    return ranked


def attendance_rates(branches: QuerySet, *, start: date, end: date) -> QuerySet:
    window = Q(
        activities__held_on__gte=start,
        activities__held_on__lte=end,
        activities__withdrawn_at__isnull=True,
    )
    return (
        branches.select_related("unit")
        .annotate(
            n_activities=Count("activities", filter=window, distinct=True),
            n_expected=Count("activities__attendance", filter=window),
            n_present=Count(
                "activities__attendance",
                filter=window & Q(activities__attendance__status=Attendance.Status.PRESENT),
            ),
        )
        .annotate(
            rate=100.0
            * Cast(F("n_present"), FloatField())
            / NullIf(Cast(F("n_expected"), FloatField()), 0.0)
        )
        .order_by(F("rate").desc(nulls_last=True), "name")
    )


def inactive_branches(branches: QuerySet, *, today: date, days: int = 90) -> QuerySet:
    cutoff = today - timedelta(days=days)
    return (
        branches.select_related("unit", "secretary")
        .annotate(
            last_activity=Max(
                "activities__held_on", filter=Q(activities__withdrawn_at__isnull=True)
            )
        )
        .filter(Q(last_activity__lt=cutoff) | Q(last_activity__isnull=True))
        .order_by(F("last_activity").asc(nulls_first=True), "name")
    )


def unorganised_members(user) -> QuerySet:
    """应统未统: party-member cadres on the register who are in no branch."""
    active = Membership.objects.active().filter(cadre=OuterRef("pk"))
    return (
        Cadre.objects.visible_to(user)
        .party_members()
        .alive()
        .filter(~Exists(active))
        .select_related("unit")
        .order_by("unit__path", "name", "pk")
    )


def political_birthdays(branch: PartyBranch, *, month: date) -> QuerySet:
    return (
        Membership.objects.active()
        .filter(branch=branch, cadre__status=Cadre.Status.ACTIVE)
        .annotate(joined_month=ExtractMonth("cadre__party_joined_on"))
        .filter(joined_month=month.month)
        .select_related("cadre")
        .order_by("cadre__party_joined_on__day", "cadre__name")
    )


def standing_years(joined: date, *, on: date) -> int:
    return on.year - joined.year - ((on.month, on.day) < (joined.month, joined.day))


def medal_cutoff(year: int) -> date:
    return years_ago(date(year, 7, 1), 50)


def medal_eligible(user, *, year: int) -> QuerySet:
    """光荣在党50年: party standing of 50 years or more by 1 July of `year`."""
    return (
        Cadre.objects.visible_to(user)
        .party_members()
        .alive()
        .filter(party_joined_on__lte=medal_cutoff(year))
        .select_related("unit")
        .order_by("party_joined_on", "name", "pk")
    )


def dues_collection(branch: PartyBranch, *, month: date) -> list[dict]:
    """Every active member of the month with its record (if any): who has paid, who has not."""
    month = month.replace(day=1)
    members = list(
        Membership.objects.active()
        .filter(branch=branch)
        .select_related("cadre")
        .order_by("cadre__name", "pk")
    )
    records = {
        r.cadre_id: r
        for r in DuesRecord.objects.filter(cadre_id__in=[m.cadre_id for m in members], month=month)
    }
    return [{"membership": m, "record": records.get(m.cadre_id)} for m in members]
