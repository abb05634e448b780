"""The dashboard's figures for one user's scope and year.

Every count starts from the model's `visible_to(user)`, so a district's leadership only ever
aggregate their district. Each section is a fixed handful of queries whatever the number of rows:
conditional aggregation (COUNT ... FILTER) in PostgreSQL, and the other apps' own aggregate
selectors (三会一课 compliance, 应统未统, volunteer field report, visit coverage, submission
ranking) where they exist, so a figure here always agrees with the report it links to.
"""

import uuid
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from apps.accounts.masking import sees_sensitive
from apps.accounts.models import OrgUnit
from apps.branches import selectors as branch_selectors
from apps.branches.models import PartyBranch
from apps.cadres.filters import AGE_BANDS
from apps.cadres.models import Cadre, years_ago

from . import facts
from .casework import casework_section
from .figures import chart, child_of, kpi, link, rate, scope_prefix, table
from .sections import (
    birthday_counts,
    birthday_section,
    publicity_section,
    visit_section,
    volunteer_section,
)
from .steering import steering_section
from .subsidies import subsidy_section
from .university import university_section
from .window import Window

CACHE_VERSION = 3


# --- 干部队伍 -------------------------------------------------------------------------------------


def _age_q(low, high, on: date) -> Q:
    q = Q()
    if low is not None:
        q &= Q(birth_date__lte=years_ago(on, low))
    if high is not None:
        q &= Q(birth_date__gt=years_ago(on, high))
    return q


def register_section(user, window: Window) -> dict:
    """The register as it stands today (the cadre list's filters read today too, so every
    figure here is exactly the list it links to).

    Health, living situation, relocation and hardship are counted only for users who may see
    them (`sees_sensitive`): a role that may not see a field may not count by it either, and a
    district's count of 1 names the person (DESIGN.md)."""
    today = window.today
    sensitive = sees_sensitive(user)
    # From the facts (per unit): the district rows and the totals; age bands and the round
    # birthdays add one live query over the few birth months at their edges.
    per_child, totals = facts.register_counts(
        user,
        today=today,
        sensitive=sensitive,
        child_of=child_of,
        prefix=scope_prefix(user),
        extra=birthday_counts(window),
    )
    choices = {"kind": ("retirement_kind", Cadre.RetirementKind.choices)}
    if sensitive:
        choices["health"] = ("health", Cadre.Health.choices)
        choices["living"] = ("living_situation", Cadre.Living.choices)
    names = ["total", "party", "unorganised"] + [
        f"{group}_{value}" for group, (_, options) in choices.items() for value, _ in options
    ]
    if sensitive:
        names += ["relocated", "hardship"]
    for name in names:
        totals.setdefault(name, 0)
    grouped = _child_units(per_child, names)

    def url(**params):
        return link("cadres:list", status=Cadre.Status.ACTIVE, **params)

    tables, charts = [], []
    for group, title, param in (
        ("kind", "按离退休类别", "retirement_kind"),
        ("health", "按健康状况", "health"),
        ("living", "按居住情况", "living_situation"),
    ):
        if group not in choices:
            continue
        field, options = choices[group]
        items = [
            (label, totals[f"{group}_{value}"], url(**{param: value})) for value, label in options
        ]
        tables.append(table(title, ["类别", "人数"], items))
        charts.append(chart(f"register-{group}", "pie", title, items))
    ages = [
        (label, totals[f"age_{key}"], url(age_band=key)) for key, (label, _, _) in AGE_BANDS.items()
    ]
    tables.insert(1, table("按年龄段", ["年龄段", "人数"], ages))
    charts.insert(1, chart("register-age", "bar", "按年龄段", ages))

    columns = [
        ("在册", "total", {}),
        ("离休", "kind_lixiu", {"retirement_kind": "lixiu"}),
        ("退休", "kind_tuixiu", {"retirement_kind": "tuixiu"}),
        ("党员", "party", {"political_status": "cpc"}),
    ]
    if sensitive:
        columns += [
            ("易地安置", "relocated", {"relocated": "1"}),
            ("困难", "hardship", {"hardship": "1"}),
        ]
    # Cadres on the scope's own unit (本级) have no narrower list than the whole scope's.
    tables.append(
        {
            "title": "按单位（区县）",
            "headers": ["单位", *[label for label, _, _ in columns]],
            "rows": [
                [
                    {"v": name, "url": None},
                    *[
                        {"v": row[key], "url": url(unit=pk, **params) if pk else None}
                        for _, key, params in columns
                    ],
                ]
                for pk, name, row in grouped
            ],
        }
    )
    charts.append(
        chart(
            "register-unit",
            "bar",
            "按单位（区县）",
            [(name, row["total"], url(unit=pk) if pk else None) for pk, name, row in grouped],
        )
    )
    return {
        "key": "register",
        "title": "干部队伍",
        "note": f"截至 {today:%Y-%m-%d} 在册",
        "kpis": [
            kpi("在册离退休干部", totals["total"], url(), "人"),
            kpi("离休干部", totals["kind_lixiu"], url(retirement_kind="lixiu"), "人"),
            kpi("退休干部", totals["kind_tuixiu"], url(retirement_kind="tuixiu"), "人"),
            *(
                [
                    kpi("易地安置", totals["relocated"], url(relocated="1"), "人"),
                    kpi("困难干部", totals["hardship"], url(hardship="1"), "人"),
                ]
                if sensitive
                else []
            ),
        ],
        "tables": tables,
        "charts": charts,
        "_party": totals["party"],
        "_unorganised": totals["unorganised"],
        "_birthdays": {k: v for k, v in totals.items() if k.startswith("turning_")},
    }


def _by_child_unit(qs, path_field: str, user, aggregates: dict) -> list[tuple]:
    """(unit id, unit name, {aggregate: value}) per unit right below the user's unit, in the
    tree's order; '本级' for rows on the user's unit itself. Two queries: the grouped
    aggregates, then the names of the few units."""
    prefix = scope_prefix(user)
    rows = list(qs.order_by().values(child=child_of(path_field, prefix)).annotate(**aggregates))
    ids = [int(r["child"]) for r in rows if r["child"]]
    units = {
        u["pk"]: u
        for u in OrgUnit.objects.filter(pk__in=ids).values("pk", "name", "path", "sort_order")
    }
    result = []
    for r in rows:
        unit = units.get(int(r["child"])) if r["child"] else None
        if unit:
            result.append(((unit["sort_order"], unit["path"]), unit["pk"], unit["name"], r))
        else:
            result.append(((-1, ""), None, "本级", r))
    result.sort(key=lambda item: item[0])
    return [(pk, name, r) for _, pk, name, r in result]


def _child_units(per_child: dict, names: list[str]) -> list[tuple]:
    """(unit id, unit name, {figure: value}) per unit right below the user's unit, in the
    tree's order; '本级' for rows on the user's unit itself. `per_child` maps the child unit's
    id (text, '' for the unit itself) to its figures; one query for the few units' names."""
    ids = [int(child) for child in per_child if child]
    units = {
        u["pk"]: u
        for u in OrgUnit.objects.filter(pk__in=ids).values("pk", "name", "path", "sort_order")
    }
    result = []
    for child, figures in per_child.items():
        row = {name: figures.get(name, 0) for name in names}
        unit = units.get(int(child)) if child else None
        if unit:
            result.append(((unit["sort_order"], unit["path"]), unit["pk"], unit["name"], row))
        else:
            result.append(((-1, ""), None, "本级", row))
    result.sort(key=lambda item: item[0])
    return [(pk, name, r) for _, pk, name, r in result]


# --- 党建 -----------------------------------------------------------------------------------------


def party_section(user, window: Window, *, party_members: int, unorganised: int) -> dict:
    """Branches, 示范 levels and 三会一课 of the scope; `party_members` and `unorganised`
    (应统未统, apps.branches.selectors.unorganised_members) come from the register's facts."""
    branches = PartyBranch.objects.visible_to(user)
    levels = PartyBranch.DemoLevel
    counts = branches.aggregate(
        total=Count("pk"),
        demo=Count("pk", filter=~Q(demo_level="")),
        **{f"demo_{v}": Count("pk", filter=Q(demo_level=v)) for v in levels.values if v},
    )
    quarter = window.quarter_start
    # The rate counts only a quarter that is over: mid-quarter it is last quarter's, so it
    # never reads 0% for meetings that may still be held (进行中 is shown in the table).
    rated = quarter
    if branch_selectors.add_months(quarter, branch_selectors.QUARTER_MONTHS) > window.as_of:
        rated = branch_selectors.add_months(quarter, -branch_selectors.QUARTER_MONTHS)
    # Both quarters in one statement (a row per branch and quarter).
    both = branch_selectors.compliance(branches, start=rated, end=quarter, as_of=window.as_of)
    rows = [row for row in both if row.quarter == quarter]
    rated_rows = [row for row in both if row.quarter == rated]
    by_status = {key: 0 for key in branch_selectors.QuarterCompliance.LABELS}
    for row in rows:
        by_status[row.status] += 1
    status_items = [
        (
            label,
            by_status[key],
            link(
                "branches:report_compliance",
                year=quarter.year,
                quarter=window.quarter,
                status=key,
            ),
        )
        for key, label in branch_selectors.QuarterCompliance.LABELS.items()
    ]
    demo_items = [
        (label, counts[f"demo_{value}"], link("branches:portal", demo_level=value))
        for value, label in levels.choices
        if value
    ]
    quarter_label = branch_selectors.quarter_label(quarter)
    rated_ok = sum(1 for row in rated_rows if row.status == "compliant")
    rated_label = branch_selectors.quarter_label(rated)
    rated_url = link(
        "branches:report_compliance", year=rated.year, quarter=(rated.month - 1) // 3 + 1
    )
    return {
        "key": "party",
        "title": "党的建设",
        "note": (
            f"三会一课达标率为{rated_label}（已结束的季度）已达标支部占应开展支部的比例；"
            f"{quarter_label}未结束，尚未达标的支部记为进行中，不计为未达标；"
            "没有直属党员的党总支不计入"
        ),
        "kpis": [
            kpi(
                "党员人数",
                party_members,
                link("cadres:list", status=Cadre.Status.ACTIVE, political_status="cpc"),
                "人",
            ),
            kpi("党支部", counts["total"], link("branches:portal"), "个"),
            kpi(
                "示范党支部",
                counts["demo"],
                link("branches:portal", demo_level=branch_selectors.DEMO_ANY),
                "个",
            ),
            kpi("应统未统党员", unorganised, link("branches:report_unorganised"), "人"),
            kpi(
                f"三会一课达标率（{rated_label}）",
                rate(rated_ok, len(rated_rows)),
                rated_url,
                "%",
            ),
        ],
        "tables": [
            table(f"三会一课（{quarter_label}）", ["结果", "支部数"], status_items),
            table("示范党支部", ["级别", "支部数"], demo_items),
        ],
        "charts": [chart("party-compliance", "pie", f"三会一课（{quarter_label}）", status_items)],
    }


# --- the whole page -------------------------------------------------------------------------------

SECTION_KEYS = (
    "register",
    "party",
    "volunteers",
    "visits",
    "subsidies",
    "casework",
    "publicity",
    "university",
    "birthdays",
    "steering",
)


def compute(user, window: Window) -> dict:
    register = register_section(user, window)
    party_members = register.pop("_party")
    unorganised = register.pop("_unorganised")
    birthdays = register.pop("_birthdays")
    sections = [
        register,
        party_section(user, window, party_members=party_members, unorganised=unorganised),
        volunteer_section(user, window),
        visit_section(user, window),
        subsidy_section(user, window),
        casework_section(user, window),
        publicity_section(user, window),
        university_section(user, window),
        birthday_section(user, window, counts=birthdays),
        steering_section(user, window),
    ]
    return {"year": window.year, "as_of": window.as_of.isoformat(), "sections": sections}


def cache_seconds() -> int:
    return settings.DASHBOARD_CACHE_SECONDS


def cache_key(user, window: Window) -> str:
    """One entry per scope: the unit (its id and path, so a moved unit starts afresh), the role
    (links differ by role), superuser flag and whether personal data is visible (the figures
    differ by it), the year and the day (this month/quarter)."""
    unit = f"{user.unit_id}:{user.unit.path}" if user.unit_id else "none"
    return (
        f"dashboard:v{CACHE_VERSION}:{unit}:{user.role or '-'}:{int(user.is_superuser)}"
        f":{int(sees_sensitive(user))}:{window.year}:{window.today.isoformat()}"
    )


def store(user, window: Window, *, timeout: int | None = None) -> dict:
    # The facts of whatever changed since the last refresh first (usually nothing: the frequent
    # job ran a few minutes ago), so the figures are those of the live rows now; a backlog too
    # big for a request is left to the frequent job.
    facts.refresh_if_cheap()
    data = compute(user, window)
    data["computed_at"] = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    # Names this computation: the page caches the sections' markup under it (index.html).
    data["token"] = uuid.uuid4().hex
    cache.set(cache_key(user, window), data, timeout=timeout or cache_seconds())
    return data


def dashboard(*, user, year: int, today: date) -> dict:
    """The figures for `user`'s scope, from Redis when another user of the same scope asked in
    the last few minutes (figures may be that old; the page says when they were computed)."""
    window = Window(year=year, today=today)
    data = cache.get(cache_key(user, window))
    if data is None:
        data = store(user, window)
    return data
