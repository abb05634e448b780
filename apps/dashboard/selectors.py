"""The dashboard's figures for one user's scope and year.

Every count starts from the model's `visible_to(user)`, so a district's leadership only ever
aggregate their district. Each section is a fixed handful of queries whatever the number of rows:
conditional aggregation (COUNT ... FILTER) in PostgreSQL, and the other apps' own aggregate
selectors (三会一课 compliance, 应统未统, volunteer field report, visit coverage, submission
ranking) where they exist, so a figure here always agrees with the report it links to.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, Q, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth
from django.utils import timezone

from apps.accounts.models import OrgUnit
from apps.branches import selectors as branch_selectors
from apps.branches.models import PartyBranch
from apps.cadres.filters import AGE_BANDS
from apps.cadres.models import Cadre, years_ago
from apps.publicity.selectors import Period, unit_ranking
from apps.services import selectors as visit_selectors
from apps.services.models import Occasion, Visit
from apps.volunteers import selectors as volunteer_selectors
from apps.volunteers.models import Volunteer, VolunteerTeam

from .figures import chart, child_of, kpi, link, num, rate, scope_prefix
from .subsidies import subsidy_section

ROUND_AGES = (70, 80, 90, 100)
BIRTHDAY_DAYS = 30
BIRTHDAY_LIST = 50
RANKING_TOP = 10
CACHE_VERSION = 1


@dataclass(frozen=True)
class Window:
    """The dashboard's time frame: the chosen year, read "as of" today for the current year and
    as of 31 December for a past one (this month / this quarter are those of `as_of`)."""

    year: int
    today: date

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def as_of(self) -> date:
        return min(self.today, date(self.year, 12, 31))

    @property
    def month_start(self) -> date:
        return self.as_of.replace(day=1)

    @property
    def month_end(self) -> date:
        nxt = (self.month_start + timedelta(days=32)).replace(day=1)
        return nxt - timedelta(days=1)

    @property
    def quarter_start(self) -> date:
        return branch_selectors.quarter_start(self.as_of)

    @property
    def quarter(self) -> int:
        return (self.as_of.month - 1) // 3 + 1


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
    figure here is exactly the list it links to)."""
    today = window.today
    cadres = Cadre.objects.visible_to(user).alive()
    choices = {
        "kind": ("retirement_kind", Cadre.RetirementKind.choices),
        "health": ("health", Cadre.Health.choices),
        "living": ("living_situation", Cadre.Living.choices),
    }
    aggregates = {"total": Count("pk")}
    for group, (field, options) in choices.items():
        for value, _ in options:
            aggregates[f"{group}_{value}"] = Count("pk", filter=Q(**{field: value}))
    for key, (_, low, high) in AGE_BANDS.items():
        aggregates[f"age_{key}"] = Count("pk", filter=_age_q(low, high, today))
    aggregates["party"] = Count("pk", filter=Q(political_status=Cadre.Political.CPC))
    aggregates["relocated"] = Count("pk", filter=Q(relocated=True))
    aggregates["hardship"] = Count("pk", filter=Q(hardship=True))
    aggregates.update(birthday_counts(window))
    # One pass: the counts per district; the scope's totals are the sums of those few rows.
    grouped = _by_child_unit(cadres, "unit__path", user, aggregates)
    totals = {name: sum(row[name] for _, _, row in grouped) for name in aggregates}

    def url(**params):
        return link("cadres:list", status=Cadre.Status.ACTIVE, **params)

    tables, charts = [], []
    for group, title, param in (
        ("kind", "按离退休类别", "retirement_kind"),
        ("health", "按健康状况", "health"),
        ("living", "按居住情况", "living_situation"),
    ):
        field, options = choices[group]
        items = [
            (label, totals[f"{group}_{value}"], url(**{param: value})) for value, label in options
        ]
        tables.append(_table(title, ["类别", "人数"], items))
        charts.append(chart(f"register-{group}", "pie", title, items))
    ages = [
        (label, totals[f"age_{key}"], url(age_band=key)) for key, (label, _, _) in AGE_BANDS.items()
    ]
    tables.insert(1, _table("按年龄段", ["年龄段", "人数"], ages))
    charts.insert(1, chart("register-age", "bar", "按年龄段", ages))

    columns = [
        ("在册", "total", {}),
        ("离休", "kind_lixiu", {"retirement_kind": "lixiu"}),
        ("退休", "kind_tuixiu", {"retirement_kind": "tuixiu"}),
        ("党员", "party", {"political_status": "cpc"}),
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
            kpi("易地安置", totals["relocated"], url(relocated="1"), "人"),
            kpi("困难干部", totals["hardship"], url(hardship="1"), "人"),
        ],
        "tables": tables,
        "charts": charts,
        "_party": totals["party"],
        "_birthdays": {k: v for k, v in totals.items() if k.startswith("turning_")},
    }


def _table(title: str, headers: list[str], items) -> dict:
    return {
        "title": title,
        "headers": headers,
        "rows": [
            [{"v": label, "url": None}, {"v": num(value), "url": u}] for label, value, u in items
        ],
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


# --- 党建 -----------------------------------------------------------------------------------------


def party_section(user, window: Window, *, party_members: int) -> dict:
    branches = PartyBranch.objects.visible_to(user)
    levels = PartyBranch.DemoLevel
    counts = branches.aggregate(
        total=Count("pk"),
        demo=Count("pk", filter=~Q(demo_level="")),
        **{f"demo_{v}": Count("pk", filter=Q(demo_level=v)) for v in levels.values if v},
    )
    unorganised = branch_selectors.unorganised_members(user).count()
    quarter = window.quarter_start
    rows = branch_selectors.compliance(branches, start=quarter, end=quarter, as_of=window.as_of)
    by_status = {key: 0 for key in branch_selectors.QuarterCompliance.LABELS}
    for row in rows:
        by_status[row.status] += 1
    compliance_url = link("branches:report_compliance", year=quarter.year, quarter=window.quarter)
    status_items = [
        (label, by_status[key], compliance_url)
        for key, label in branch_selectors.QuarterCompliance.LABELS.items()
    ]
    demo_items = [
        (label, counts[f"demo_{value}"], link("branches:portal"))
        for value, label in levels.choices
        if value
    ]
    quarter_label = branch_selectors.quarter_label(quarter)
    return {
        "key": "party",
        "title": "党的建设",
        "note": f"三会一课达标率为{quarter_label}（进行中的季度按已达标计算）",
        "kpis": [
            kpi(
                "党员人数",
                party_members,
                link("cadres:list", status=Cadre.Status.ACTIVE, political_status="cpc"),
                "人",
            ),
            kpi("党支部", counts["total"], link("branches:portal"), "个"),
            kpi("示范党支部", counts["demo"], link("branches:portal"), "个"),
            kpi("应统未统党员", unorganised, link("branches:report_unorganised"), "人"),
            kpi(
                f"三会一课达标率（{quarter_label}）",
                rate(by_status["compliant"], len(rows)),
                compliance_url,
                "%",
            ),
        ],
        "tables": [
            _table(f"三会一课（{quarter_label}）", ["结果", "支部数"], status_items),
            _table("示范党支部", ["级别", "支部数"], demo_items),
        ],
        "charts": [chart("party-compliance", "pie", f"三会一课（{quarter_label}）", status_items)],
    }


# --- 志愿服务 -------------------------------------------------------------------------------------


def volunteer_section(user, window: Window) -> dict:
    people = Volunteer.objects.visible_to(user).aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(status=Volunteer.Status.ACTIVE))
    )
    teams = VolunteerTeam.objects.visible_to(user).aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(is_active=True))
    )
    report = volunteer_selectors.field_report(user=user, start=window.start, end=window.as_of)
    total = report.total
    report_url = link("volunteers:report", start=window.start, end=window.as_of)
    rows = [r for r in report.rows if r.activities or r.hours]
    return {
        "key": "volunteers",
        "title": "志愿服务",
        "note": f"{window.start:%Y-%m-%d} 至 {window.as_of:%Y-%m-%d}；时长为已确认时长",
        "kpis": [
            kpi(
                "在岗志愿者",
                people["active"],
                link("volunteers:volunteer_list", status="active"),
                "人",
            ),
            kpi("志愿服务队", teams["active"], link("volunteers:team_list"), "支"),
            kpi("服务活动", total.activities, report_url, "次"),
            kpi("确认服务时长", total.hours, report_url, "小时"),
            kpi("参与志愿者", report.participants_total, report_url, "人"),
        ],
        "tables": [
            {
                "title": "按服务领域",
                "headers": ["服务领域", "活动次数", "受益人数", "参与人数", "服务时长（小时）"],
                "rows": [
                    [
                        {"v": r.name, "url": None},
                        {"v": r.activities, "url": report_url},
                        {"v": r.beneficiaries, "url": report_url},
                        {"v": r.participants, "url": report_url},
                        {"v": num(r.hours), "url": report_url},
                    ]
                    for r in rows
                ],
            }
        ],
        "charts": [
            chart(
                "volunteers-field",
                "bar",
                "服务时长（按领域）",
                [(r.name, r.hours, report_url) for r in rows],
            )
        ],
    }


# --- 走访慰问 -------------------------------------------------------------------------------------


def visit_section(user, window: Window) -> dict:
    month = Visit.objects.visible_to(user).filter(
        due_date__gte=window.month_start, due_date__lte=window.month_end
    )
    status = Visit.Status
    # One grouped query (occasion × status): the month's figures are sums of its few rows.
    grouped = list(month.order_by().values_list("occasion", "status").annotate(n=Count("pk")))
    counts = {"due": 0, "done": 0, "overdue": 0, "planned": 0}
    by_occasion: dict[str, int] = {}
    for occasion, state, n in grouped:
        if state == status.CANCELLED:
            continue
        counts["due"] += n
        counts[state] = counts.get(state, 0) + n
        by_occasion[occasion] = by_occasion.get(occasion, 0) + n
    coverage = visit_selectors.coverage_report(user=user, year=window.year)
    covered = sum(r["covered"] for r in coverage)
    relocated = sum(r["total"] for r in coverage)
    month_param = f"{window.month_start:%Y-%m}"

    def url(**params):
        return link("dashboard:visits", month=month_param, **params)

    coverage_url = link("services:coverage", year=window.year)
    status_items = [
        ("已完成", counts["done"], url(status="done")),
        ("待走访", counts["planned"], url(status="planned")),
        ("已逾期", counts["overdue"], url(status="overdue")),
    ]
    return {
        "key": "visits",
        "title": "走访慰问",
        "note": f"应访日期在 {window.month_start:%Y年%m月} 的走访；易地安置全覆盖为 {window.year} 年",
        "kpis": [
            kpi("本月应访", counts["due"], url(), "人次"),
            kpi("本月已访", counts["done"], url(status="done"), "人次"),
            kpi("逾期未访", counts["overdue"], url(status="overdue"), "人次"),
            kpi("易地安置全覆盖率", rate(covered, relocated), coverage_url, "%"),
        ],
        "tables": [
            _table("本月走访（按状态）", ["状态", "人次"], status_items),
            _table(
                "本月应访（按事由）",
                ["事由", "人次"],
                [
                    (label, by_occasion.get(value, 0), url(occasion=value))
                    for value, label in Occasion.choices
                    if by_occasion.get(value)
                ],
            ),
            {
                "title": f"易地安置干部走访全覆盖（{window.year}年）",
                "headers": ["单位", "易地安置人数", "已走访", "覆盖率（%）"],
                "rows": [
                    [
                        {"v": r["unit"], "url": None},
                        {"v": r["total"], "url": coverage_url},
                        {"v": r["covered"], "url": coverage_url},
                        {"v": r["rate"], "url": coverage_url},
                    ]
                    for r in coverage
                ],
            },
        ],
        "charts": [chart("visits-status", "pie", "本月走访", status_items)],
    }


# --- 信息报送 -------------------------------------------------------------------------------------


def publicity_section(user, window: Window) -> dict:
    ranked = list(unit_ranking(user=user, period=Period(year=window.year))[:RANKING_TOP])
    url = link("publicity:ranking", year=window.year)
    return {
        "key": "publicity",
        "title": "信息报送",
        "note": f"{window.year} 年采用得分前 {RANKING_TOP} 名单位",
        "kpis": [],
        "tables": [
            {
                "title": "信息报送得分排名",
                "headers": ["排名", "单位", "报送条数", "采用篇次", "得分"],
                "rows": [
                    [
                        {"v": u.rank, "url": None},
                        {"v": u.name, "url": None},
                        {"v": u.submissions, "url": url},
                        {"v": u.adoptions, "url": url},
                        {"v": num(u.points), "url": url},
                    ]
                    for u in ranked
                ],
            }
        ],
        "charts": [
            chart("publicity-rank", "bar", "采用得分", [(u.name, u.points, url) for u in ranked])
        ],
    }


# --- 整十生日 -------------------------------------------------------------------------------------


def _turning_q(age: int, start: date, end: date) -> Q:
    """Born so that the `age`-th birthday falls in [start, end]."""
    return Q(birth_date__gte=years_ago(start, age), birth_date__lte=years_ago(end, age))


def birthday_counts(window: Window) -> dict:
    """Aggregates counting the cadres whose round birthday falls in the coming days; they ride
    on the register's grouped query (one scan of the register serves both sections)."""
    start, end = window.today, window.today + timedelta(days=BIRTHDAY_DAYS)
    return {f"turning_{age}": Count("pk", filter=_turning_q(age, start, end)) for age in ROUND_AGES}


def _birthday(born: date, age: int) -> date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born on 29 February: 1 March in a common year
        return date(born.year + age, 3, 1)


def birthday_section(user, window: Window, *, counts: dict) -> dict:
    start = window.today
    end = start + timedelta(days=BIRTHDAY_DAYS)
    any_round = Q()
    for age in ROUND_AGES:
        any_round |= _turning_q(age, start, end)
    # Soonest first: by (month, day), the days after New Year's Eve after the others.
    month_day = ExtractMonth("birth_date") * 100 + ExtractDay("birth_date")
    first = start.month * 100 + start.day
    upcoming = list(
        Cadre.objects.visible_to(user)
        .alive()
        .filter(any_round)
        .annotate(md=month_day)
        .annotate(wrap=Case(When(md__lt=first, then=Value(1)), default=Value(0)))
        .values("pk", "name", "birth_date", "unit__name")
        .order_by("wrap", "md", "name", "pk")[:BIRTHDAY_LIST]
    )
    for row in upcoming:
        born = row["birth_date"]
        row["age"] = next(a for a in ROUND_AGES if years_ago(start, a) <= born <= years_ago(end, a))
        row["on"] = _birthday(born, row["age"])
    return {
        "key": "birthdays",
        "title": "近期整十生日",
        "note": f"{start:%Y-%m-%d} 起 {BIRTHDAY_DAYS} 天内年满 70、80、90、100 周岁",
        "kpis": [
            kpi(f"{age}周岁", counts[f"turning_{age}"], "#birthdays-list", "人")
            for age in ROUND_AGES
        ],
        "tables": [
            {
                "title": "名单",
                "anchor": "birthdays-list",
                "headers": ["生日", "姓名", "年满", "管理单位"],
                "rows": [
                    [
                        {"v": f"{r['on']:%m-%d}", "url": None},
                        {"v": r["name"], "url": link("dashboard:cadre_card", r["pk"])},
                        {"v": r["age"], "url": None},
                        {"v": r["unit__name"], "url": None},
                    ]
                    for r in upcoming
                ],
            }
        ],
        "charts": [],
    }


# --- the whole page -------------------------------------------------------------------------------

SECTION_KEYS = (
    "register",
    "party",
    "volunteers",
    "visits",
    "subsidies",
    "publicity",
    "birthdays",
)


def compute(user, window: Window) -> dict:
    register = register_section(user, window)
    party_members = register.pop("_party")
    birthdays = register.pop("_birthdays")
    sections = [
        register,
        party_section(user, window, party_members=party_members),
        volunteer_section(user, window),
        visit_section(user, window),
        subsidy_section(user, window),
        publicity_section(user, window),
        birthday_section(user, window, counts=birthdays),
    ]
    return {"year": window.year, "as_of": window.as_of.isoformat(), "sections": sections}


def cache_seconds() -> int:
    return getattr(settings, "DASHBOARD_CACHE_SECONDS", 300)


def cache_key(user, window: Window) -> str:
    """One entry per scope: the unit (its id and path, so a moved unit starts afresh), the role
    (links differ by role) and superuser flag, the year and the day (this month/quarter)."""
    unit = f"{user.unit_id}:{user.unit.path}" if user.unit_id else "none"
    return (
        f"dashboard:v{CACHE_VERSION}:{unit}:{user.role or '-'}:{int(user.is_superuser)}"
        f":{window.year}:{window.today.isoformat()}"
    )


def store(user, window: Window, *, timeout: int | None = None) -> dict:
    data = compute(user, window)
    data["computed_at"] = timezone.localtime().strftime("%Y-%m-%d %H:%M")
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
