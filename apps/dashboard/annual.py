"""离退休干部统计年报: the yearly statistical return of the user's scope, and its audit.

The return has one row per reporting unit (the units right below the user's unit, plus 本级 for
cadres managed by the user's unit itself) and five tables: kind, rank, age band, party standing
and the year's changes. All of it is ONE grouped query with a FILTER per column, so the tables
are counted in the same pass and can be checked against each other the way the level above
audits a return (不重不漏, 表间合计一致); every failed check names the cadres behind it.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, Window

from apps.accounts.masking import shown
from apps.accounts.models import OrgUnit
from apps.branches.models import Membership
from apps.cadres.filters import AGE_BANDS
from apps.cadres.models import Cadre, years_ago

from .figures import child_of, scope_prefix

LISTED = 200  # cadres named per failed check; the count says how many there are in all


@dataclass
class Row:
    unit_id: int | None
    unit_name: str
    values: list[int]

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    # Tables that split the year-end headcount must add up to it; the changes table does not.
    splits_headcount: bool = True

    @property
    def column_totals(self) -> list[int]:
        return [sum(r.values[i] for r in self.rows) for i in range(len(self.headers))]

    @property
    def grand_total(self) -> int:
        return sum(self.column_totals)


@dataclass
class Check:
    title: str
    passed: bool
    detail: str
    cadres: list[dict] = field(default_factory=list)
    count: int = 0


@dataclass
class AnnualReturn:
    year: int
    headcount: dict  # reporting unit id -> year-end headcount
    scope_headcount: int
    tables: list[Table]
    changes: dict  # reporting unit id -> (start, new, deaths, end)

    @property
    def year_end(self) -> date:
        return date(self.year, 12, 31)

    @property
    def year_start(self) -> date:
        return date(self.year, 1, 1)


def _periods(year: int):
    start, end = date(year, 1, 1), date(year, 12, 31)
    retired_by_end = Q(retirement_date__isnull=True) | Q(retirement_date__lte=end)
    retired_before = Q(retirement_date__isnull=True) | Q(retirement_date__lt=start)
    alive_at_end = Q(status=Cadre.Status.ACTIVE) | Q(deceased_on__gt=end)
    alive_at_start = Q(status=Cadre.Status.ACTIVE) | Q(deceased_on__gte=start)
    return {
        "end": alive_at_end & retired_by_end,
        "start": alive_at_start & retired_before,
        "new": Q(retirement_date__gte=start, retirement_date__lte=end),
        "deaths": Q(deceased_on__gte=start, deceased_on__lte=end) & retired_by_end,
    }


def _party_in_branch(on: date) -> Q:
    """Members of a branch on `on`. An uncorrelated IN: PostgreSQL hashes the member ids once
    (a correlated EXISTS inside two FILTERs ran its subplan twice per cadre)."""
    members = Membership.objects.filter(joined_on__lte=on).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=on)
    )
    return Q(pk__in=members.values("cadre_id"))


def _columns(year: int) -> tuple[dict, list[Table]]:
    """The aggregate expressions of every column and the tables they make up."""
    end_date = date(year, 12, 31)
    p = _periods(year)
    at_end = p["end"]
    cols: dict = {}
    tables = []

    def split(key, title, options, q_of):
        names = []
        for value, label in options:
            name = f"{key}_{value}"
            cols[name] = Count("pk", filter=at_end & q_of(value))
            names.append((name, label))
        tables.append((Table(key, title, [label for _, label in names]), [n for n, _ in names]))

    split("kind", "表一 离退休类别", Cadre.RetirementKind.choices, lambda v: Q(retirement_kind=v))
    split("rank", "表二 职级", Cadre.Rank.choices, lambda v: Q(rank=v))
    split(
        "age",
        "表三 年龄结构",
        [(k, label) for k, (label, _, _) in AGE_BANDS.items()],
        lambda k: _age_band_q(k, end_date),
    )
    in_branch = _party_in_branch(end_date)
    standings = [
        (
            "cpc_branch",
            "中共党员（编入支部）",
            Q(political_status=Cadre.Political.CPC) & in_branch,
        ),
        (
            "cpc_none",
            "中共党员（应统未统）",
            Q(political_status=Cadre.Political.CPC) & ~in_branch,
        ),
        ("democratic", "民主党派", Q(political_status=Cadre.Political.DEMOCRATIC)),
        ("masses", "群众", Q(political_status=Cadre.Political.MASSES)),
    ]
    for name, _, q in standings:
        cols[f"party_{name}"] = Count("pk", filter=at_end & q)
    tables.append(
        (
            Table("party", "表四 政治面貌", [label for _, label, _ in standings]),
            [f"party_{n}" for n, _, _ in standings],
        )
    )
    for name in ("start", "new", "deaths"):
        cols[f"chg_{name}"] = Count("pk", filter=p[name])
    cols["headcount"] = Count("pk", filter=at_end)
    return cols, tables


def _age_band_q(key: str, on: date) -> Q:
    _, low, high = AGE_BANDS[key]
    q = Q()
    if low is not None:
        q &= Q(birth_date__lte=years_ago(on, low))
    if high is not None:
        q &= Q(birth_date__gt=years_ago(on, high))
    return q


def population(user, year: int):
    p = _periods(year)
    return Cadre.objects.visible_to(user).filter(p["end"] | p["start"] | p["new"] | p["deaths"])


def annual_return(*, user, year: int) -> AnnualReturn:
    cols, table_specs = _columns(year)
    prefix = scope_prefix(user)
    grouped = list(
        population(user, year)
        .order_by()
        .values(child=child_of("unit__path", prefix))
        .annotate(**cols)
    )
    ids = [int(g["child"]) for g in grouped if g["child"]]
    units = {
        u.pk: u for u in OrgUnit.objects.filter(pk__in=ids).only("pk", "name", "path", "sort_order")
    }

    def order(g):
        unit = units.get(int(g["child"])) if g["child"] else None
        return (unit.sort_order, unit.path) if unit else (-1, "")

    grouped.sort(key=order)
    tables = []
    headcount, changes = {}, {}
    for g in grouped:
        unit = units.get(int(g["child"])) if g["child"] else None
        key = unit.pk if unit else None
        headcount[key] = g["headcount"]
        changes[key] = (g["chg_start"], g["chg_new"], g["chg_deaths"], g["headcount"])
    for table, names in table_specs:
        for g in grouped:
            unit = units.get(int(g["child"])) if g["child"] else None
            table.rows.append(
                Row(unit.pk if unit else None, unit.name if unit else "本级", [g[n] for n in names])
            )
        tables.append(table)
    change_table = Table(
        "changes",
        "表五 增减变动",
        ["年初人数", "当年新增离退休", "当年去世", "年末人数"],
        splits_headcount=False,
    )
    for g in grouped:
        unit = units.get(int(g["child"])) if g["child"] else None
        change_table.rows.append(
            Row(
                unit.pk if unit else None,
                unit.name if unit else "本级",
                list(changes[unit.pk if unit else None]),
            )
        )
    tables.append(change_table)
    scope_headcount = population(user, year).filter(_periods(year)["end"]).count()
    return AnnualReturn(year, headcount, scope_headcount, tables, changes)


# --- the audit ------------------------------------------------------------------------------------


def _cadres(qs, user, why) -> tuple[list[dict], int]:
    count = qs.count()
    rows = qs.select_related("unit").order_by("unit__path", "name", "pk")[:LISTED]
    return [
        {
            "pk": c.pk,
            "name": c.name,
            "id_number": shown(user, c.id_number, "id"),
            "unit": c.unit.name,
            "why": why(c) if callable(why) else why,
        }
        for c in rows
    ], count


def _outside(field_name: str, choices) -> Q:
    return ~Q(**{f"{field_name}__in": [value for value, _ in choices]})


OUTSIDE = {  # the cadres a split table cannot place in any of its columns
    "kind": ("retirement_kind", Cadre.RetirementKind.choices, "离退休类别"),
    "rank": ("rank", Cadre.Rank.choices, "职级"),
    "party": ("political_status", Cadre.Political.choices, "政治面貌"),
}


def validate(report: AnnualReturn, *, user) -> list[Check]:
    """The return's audit: each check says what it compared and lists the cadres behind a
    failure (up to LISTED of them, with the full count)."""
    year_end = report.year_end
    periods = _periods(report.year)
    at_end = population(user, report.year).filter(periods["end"])
    checks = []

    # 不重: the reporting units partition the scope, so their headcounts add up to the scope's.
    summed = sum(report.headcount.values())
    checks.append(
        Check(
            "每名干部由且仅由一个报送单位统计",
            summed == report.scope_headcount,
            f"各报送单位年末人数之和 {summed}，本级范围内年末在册 {report.scope_headcount}",
        )
    )

    # 不重: the same person registered twice (same name, birth date and gender) is counted twice.
    same = Window(Count("pk"), partition_by=[F("name"), F("birth_date"), F("gender")])
    # The window runs over a narrow projection; the listed rows are then fetched by id.
    twins = at_end.order_by().annotate(same=same).filter(same__gt=1).values("pk")
    cadres, count = _cadres(
        Cadre.objects.filter(pk__in=twins), user, "姓名、性别、出生日期相同，疑似重复登记"
    )
    checks.append(
        Check(
            "无重复登记（姓名、性别、出生日期相同）",
            count == 0,
            f"{count} 条记录疑似重复" if count else "未发现重复登记",
            cadres,
            count,
        )
    )

    # 表间一致: every table that splits the headcount adds up to it, row by row.
    for table in report.tables:
        if not table.splits_headcount:
            continue
        wrong = [r for r in table.rows if r.total != report.headcount.get(r.unit_id, 0)]
        cadres, count = [], 0
        if wrong and table.key in OUTSIDE:
            field_name, choices, label = OUTSIDE[table.key]
            cadres, count = _cadres(
                at_end.filter(_outside(field_name, choices)),
                user,
                lambda c, f=field_name, lb=label: (
                    f"{lb}为“{getattr(c, f) or '空'}”，不属于任何统计项"
                ),
            )
        detail = (
            "；".join(
                f"{r.unit_name}：合计 {r.total}，年末人数 {report.headcount.get(r.unit_id, 0)}"
                for r in wrong
            )
            if wrong
            else f"各报送单位合计均等于年末人数（共 {table.grand_total}）"
        )
        checks.append(Check(f"{table.title}合计与年末人数一致", not wrong, detail, cadres, count))

    # 增减平衡: start + new retirees − deaths = year end, per unit.
    unbalanced = [
        unit
        for unit, (start, new, deaths, end) in report.changes.items()
        if start + new - deaths != end
    ]
    cadres, count = [], 0
    if unbalanced:
        cadres, count = _cadres(
            population(user, report.year).filter(
                deceased_on__isnull=False, retirement_date__gt=F("deceased_on")
            ),
            user,
            lambda c: (
                f"去世日期 {c.deceased_on:%Y-%m-%d} 早于离退休时间 {c.retirement_date:%Y-%m-%d}"
            ),
        )
    checks.append(
        Check(
            "年初人数 + 当年新增 − 当年去世 = 年末人数",
            not unbalanced,
            f"{len(unbalanced)} 个报送单位增减不平衡" if unbalanced else "各报送单位增减平衡",
            cadres,
            count,
        )
    )

    # Party standing needs a join date no later than the year end (the return counts standing).
    cadres, count = _cadres(
        at_end.filter(political_status=Cadre.Political.CPC).filter(
            Q(party_joined_on__isnull=True) | Q(party_joined_on__gt=year_end)
        ),
        user,
        lambda c: (
            "缺入党时间" if c.party_joined_on is None else f"入党时间 {c.party_joined_on} 晚于年末"
        ),
    )
    checks.append(
        Check(
            "党员均有入党时间且不晚于年末",
            count == 0,
            f"{count} 名党员入党时间缺失或有误" if count else "全部党员入党时间完整",
            cadres,
            count,
        )
    )
    return checks
