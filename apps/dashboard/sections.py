"""The dashboard's sections on volunteering, visits, information submissions and round
birthdays (the register, party and the page as a whole are in selectors.py). Same rules: each
starts from `visible_to(user)` and is a fixed handful of grouped queries."""

from datetime import date, timedelta

from django.db.models import Case, Count, Q, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth

from apps.accounts.masking import sees_sensitive
from apps.cadres.models import Cadre, years_ago
from apps.core.dates import birthday_at_age
from apps.publicity.selectors import Period, unit_ranking
from apps.visits import selectors as visit_selectors
from apps.visits.models import Occasion, Visit
from apps.volunteers import selectors as volunteer_selectors
from apps.volunteers.models import Volunteer, VolunteerTeam

from . import facts
from .figures import chart, kpi, link, num, rate, table
from .window import Window

ROUND_AGES = (70, 80, 90, 100)
BIRTHDAY_DAYS = 30
BIRTHDAY_LIST = 50
RANKING_TOP = 10

# Occasions that tell a person's health or family trouble: users without `sees_sensitive` get
# their counts, never the list of who (dashboard figures and the visits drill-down alike).
SENSITIVE_OCCASIONS = frozenset(
    {Occasion.HOSPITAL, Occasion.HOSPITAL_FOLLOWUP, Occasion.DISPUTE, Occasion.DISASTER}
)


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
            kpi("志愿服务队", teams["total"], link("volunteers:team_list"), "支"),
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
    status = Visit.Status
    # The month's facts (occasion × status per unit, summed over the scope's subtree).
    grouped = facts.visit_counts(user, window.month_start)
    counts = {"due": 0, "done": 0, "overdue": 0, "planned": 0}
    by_occasion: dict[str, int] = {}
    for occasion, state, n in grouped:
        if state == status.CANCELLED:
            continue
        counts["due"] += n
        counts[state] = counts.get(state, 0) + n
        by_occasion[occasion] = by_occasion.get(occasion, 0) + n
    coverage = facts.coverage(user, window.year)
    if coverage is None:  # a year the facts do not keep
        coverage = visit_selectors.coverage_report(user=user, year=window.year)
    covered = sum(r["covered"] for r in coverage)
    relocated = sum(r["total"] for r in coverage)
    month_param = f"{window.month_start:%Y-%m}"
    sensitive = sees_sensitive(user)

    def url(**params):
        if not sensitive and params.get("occasion") in SENSITIVE_OCCASIONS:
            return None
        return link("dashboard:visits", month=month_param, **params)

    # The coverage report counts relocated cadres per unit: a count by a hidden field.
    coverage_url = link("visits:coverage", year=window.year) if sensitive else None
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
            table("本月走访（按状态）", ["状态", "人次"], status_items),
            table(
                "本月应访（按事由）",
                ["事由", "人次"],
                [
                    (label, by_occasion.get(value, 0), url(occasion=value))
                    for value, label in Occasion.choices
                    if by_occasion.get(value)
                ],
            ),
            (
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
                }
                if sensitive
                else {
                    "title": f"易地安置干部走访全覆盖（{window.year}年）",
                    "headers": ["单位", "覆盖率（%）"],
                    "rows": [
                        [{"v": r["unit"], "url": None}, {"v": r["rate"], "url": None}]
                        for r in coverage
                    ],
                }
            ),
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
    # One 29 February rule (apps.core.dates): 28 February in a common year, as visits do.
    return birthday_at_age(born, age)


def birthday_section(user, window: Window, *, counts: dict) -> dict:
    start = window.today
    end = start + timedelta(days=BIRTHDAY_DAYS)
    any_round = Q()
    for age in ROUND_AGES:
        any_round |= _turning_q(age, start, end)
    sensitive = sees_sensitive(user)
    # Soonest first: by (month, day), the days after New Year's Eve after the others. Without
    # the permission the list is by name and carries no day: the day with the age is the birth
    # date, and so is the order (sorting by a hidden field discloses it).
    month_day = ExtractMonth("birth_date") * 100 + ExtractDay("birth_date")
    first = start.month * 100 + start.day
    order = ("wrap", "md", "name", "pk") if sensitive else ("name", "pk")
    upcoming = list(
        Cadre.objects.visible_to(user)
        .alive()
        .filter(any_round)
        .annotate(md=month_day)
        .annotate(wrap=Case(When(md__lt=first, then=Value(1)), default=Value(0)))
        .values("pk", "name", "birth_date", "unit__name")
        .order_by(*order)[:BIRTHDAY_LIST]
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
                "headers": (["生日"] if sensitive else []) + ["姓名", "年满", "管理单位"],
                "rows": [
                    [
                        *([{"v": f"{r['on']:%m-%d}", "url": None}] if sensitive else []),
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
