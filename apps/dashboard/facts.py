"""Keeping and reading the dashboard's facts (apps.dashboard.models).

What changed is told by PostgreSQL itself: statement-level AFTER triggers (migration 0001) on
the visits, the payments and the register append one FactMark per distinct (kind, unit, month)
a statement touched — a 50,000-row INSERT … SELECT adds a few hundred marks, not 50,000. Every
write path is covered (ORM save, queryset.update, raw SQL, COPY, admin), because the database
sees them all.

`refresh()` takes the marks (DELETE … RETURNING: exactly the committed ones it can see; a mark
committed later survives for the next run, and so does the change it marks, so nothing is lost
under READ COMMITTED), deletes the facts of those slices and recomputes them from the live rows
in one INSERT … SELECT per kind. A mark with no unit and no month means "everything" (the
migration leaves one per kind, so the first refresh builds the tables). One refresh at a time
(an advisory lock); a second caller returns at once, its figures as fresh as the running one.
"""

from datetime import date

from django.db import connection, transaction
from django.db.models import Count, IntegerField, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q
from apps.cadres.filters import AGE_BANDS
from apps.cadres.models import Cadre, years_ago
from cadre_portal.dbrouters import replica_configured

from .models import CoverageFact, FactMark, PaymentFact, RegisterFact, VisitFact

LOCK = 0x0DA5B0A2D  # pg advisory lock key: one refresh at a time

VISIT, PAYMENT, REGISTER = FactMark.Kind.VISIT, FactMark.Kind.PAYMENT, FactMark.Kind.REGISTER

# The register's dimensions: (dimension, SQL expression of the value); alive cadres only.
REGISTER_DIMENSIONS = (
    ("total", "''"),
    ("kind", "retirement_kind"),
    ("health", "health"),
    ("living", "living_situation"),
    ("party", "CASE WHEN political_status = 'cpc' THEN '1' ELSE '0' END"),
    ("relocated", "CASE WHEN relocated THEN '1' ELSE '0' END"),
    ("hardship", "CASE WHEN hardship THEN '1' ELSE '0' END"),
    ("born", "to_char(birth_date, 'YYYY-MM')"),
)


def _tables() -> dict:
    from apps.subsidies.models import Payment
    from apps.visits.models import Visit

    return {
        "visit": Visit._meta.db_table,
        "payment": Payment._meta.db_table,
        "cadre": Cadre._meta.db_table,
        "mark": FactMark._meta.db_table,
        "visitfact": VisitFact._meta.db_table,
        "paymentfact": PaymentFact._meta.db_table,
        "registerfact": RegisterFact._meta.db_table,
        "coveragefact": CoverageFact._meta.db_table,
        "orgunit": OrgUnit._meta.db_table,
    }


# Coverage facts are kept for this year, the next and the COVERAGE_YEARS_BACK before.
COVERAGE_YEARS_BACK = 4


def coverage_years(today: date | None = None) -> tuple[int, int]:
    year = (today or timezone.localdate()).year
    return year - COVERAGE_YEARS_BACK, year + 1


# --- refresh --------------------------------------------------------------------------------------


def _visit_sql(t: dict, *, full: bool, by_unit: bool) -> str:
    select = f"""
        INSERT INTO {t["visitfact"]} (unit_id, month, occasion, status, n)
        SELECT c.unit_id, date_trunc('month', v.due_date)::date, v.occasion, v.status, count(*)
    """
    group = " GROUP BY 1, 2, 3, 4"
    if full:
        return f"{select} FROM {t['visit']} v JOIN {t['cadre']} c ON c.id = v.cadre_id {group}"
    if by_unit:
        # Few units, many months (a cadre moved): from the units' cadres to their visits.
        return f"""{select}
            FROM {t["cadre"]} c JOIN {t["visit"]} v ON v.cadre_id = c.id
            JOIN dashboard_dirty d ON d.kind = 'visit' AND d.unit_id = c.unit_id
                 AND d.month = date_trunc('month', v.due_date)::date
            WHERE c.unit_id IN (SELECT unit_id FROM dashboard_dirty WHERE kind = 'visit')
            {group}"""  # noqa: S608 - table names from the models
    # Many units, few months (the daily generation): each dirty month's visits read once.
    return f"""{select}
        FROM (SELECT month, array_agg(unit_id) AS units FROM dashboard_dirty
              WHERE kind = 'visit' GROUP BY month) d
        JOIN {t["visit"]} v ON v.due_date >= d.month
             AND v.due_date < (d.month + interval '1 month')::date
        JOIN {t["cadre"]} c ON c.id = v.cadre_id AND c.unit_id = ANY (d.units)
        {group}"""  # noqa: S608 - table names from the models


def _payment_sql(t: dict, *, full: bool) -> str:
    where = (
        ""
        if full
        else """WHERE p.month IN (SELECT month FROM dashboard_dirty WHERE kind = 'payment')
                  AND (p.unit_id, p.month) IN
                      (SELECT unit_id, month FROM dashboard_dirty WHERE kind = 'payment')"""
    )
    return f"""
        INSERT INTO {t["paymentfact"]} (unit_id, month, subsidy_type_id, status, n, amount)
        SELECT p.unit_id, p.month, p.subsidy_type_id, p.status, count(*), sum(p.amount)
        FROM {t["payment"]} p {where}
        GROUP BY 1, 2, 3, 4
    """  # noqa: S608 - table names from the models


def _register_sql(t: dict, *, full: bool) -> str:
    where = (
        ""
        if full
        else "AND unit_id IN (SELECT unit_id FROM dashboard_dirty WHERE kind = 'register')"
    )
    values = ", ".join(f"('{dim}', {expr})" for dim, expr in REGISTER_DIMENSIONS)
    return f"""
        INSERT INTO {t["registerfact"]} (unit_id, dimension, value, n)
        SELECT c.unit_id, d.dimension, d.value, count(*)
        FROM {t["cadre"]} c CROSS JOIN LATERAL (VALUES {values}) AS d (dimension, value)
        WHERE c.status = 'active' {where}
        GROUP BY 1, 2, 3
    """  # noqa: S608 - table names from the models, dimensions are constants


def _coverage_sql(t: dict, *, full: bool) -> str:
    """Per unit and year: relocated cadres counted that year, and those with a done visit in
    it (apps.visits.selectors.coverage_report's rule), from one pass over their done visits."""
    where = (
        ""
        if full
        else "AND unit_id IN (SELECT unit_id FROM dashboard_dirty"
        " WHERE kind IN ('visit', 'register'))"
    )
    return f"""
        INSERT INTO {t["coveragefact"]} (unit_id, year, total, covered)
        WITH rel AS (
            SELECT id, unit_id, status, deceased_on FROM {t["cadre"]}
            WHERE relocated {where}
        ), done AS (
            SELECT DISTINCT v.cadre_id, extract(year FROM v.done_on)::int AS year
            FROM {t["visit"]} v JOIN rel ON rel.id = v.cadre_id
            WHERE v.status = 'done' AND v.done_on >= make_date(%(low)s, 1, 1)
        )
        SELECT rel.unit_id, y.year, count(*), count(done.cadre_id)
        FROM rel CROSS JOIN generate_series(%(low)s, %(high)s) AS y (year)
        LEFT JOIN done ON done.cadre_id = rel.id AND done.year = y.year
        WHERE rel.status = 'active' OR rel.deceased_on >= make_date(y.year, 1, 1)
        GROUP BY 1, 2
    """  # noqa: S608 - table names from the models


def refresh() -> int:
    """Recompute the facts of every slice marked since the last run; returns the number of
    marks taken (0: nothing had changed, or another refresh holds the lock)."""
    t = _tables()
    if not FactMark.objects.exists():  # the usual case on a page view: one cheap query
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK])
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute("DROP TABLE IF EXISTS pg_temp.dashboard_dirty")
        cursor.execute(
            f"""
            CREATE TEMP TABLE dashboard_dirty ON COMMIT DROP AS
            WITH taken AS (DELETE FROM {t["mark"]} RETURNING kind, unit_id, month)
            SELECT kind, unit_id, month, count(*) AS marks FROM taken GROUP BY 1, 2, 3
            """  # noqa: S608 - table name from the model
        )
        cursor.execute(
            "SELECT kind, bool_or(unit_id IS NULL AND month IS NULL), sum(marks)::int,"
            " count(DISTINCT unit_id), count(DISTINCT month) FROM dashboard_dirty GROUP BY kind"
        )
        shape = {kind: (full, marks, units, months) for kind, full, marks, units, months in cursor}
        if not shape:
            return 0
        cursor.execute("ANALYZE dashboard_dirty")
        if VISIT in shape:
            full, _, units, months = shape[VISIT]
            _delete(
                cursor, t["visitfact"], VISIT, full, "f.unit_id = d.unit_id AND f.month = d.month"
            )
            cursor.execute(_visit_sql(t, full=full, by_unit=units <= months))
        if PAYMENT in shape:
            full = shape[PAYMENT][0]
            _delete(
                cursor,
                t["paymentfact"],
                PAYMENT,
                full,
                "f.unit_id = d.unit_id AND f.month = d.month",
            )
            cursor.execute(_payment_sql(t, full=full))
        if REGISTER in shape:
            full = shape[REGISTER][0]
            _delete(cursor, t["registerfact"], REGISTER, full, "f.unit_id = d.unit_id")
            cursor.execute(_register_sql(t, full=full))
            _born_tree(cursor, t, full=full)
        if VISIT in shape or REGISTER in shape:
            # Coverage reads both the register (who is relocated) and the done visits: the
            # units either marked, every year kept.
            full = any(shape[k][0] for k in (VISIT, REGISTER) if k in shape)
            if full:
                cursor.execute(f"DELETE FROM {t['coveragefact']}")  # noqa: S608
            else:
                cursor.execute(
                    f"DELETE FROM {t['coveragefact']} WHERE unit_id IN"  # noqa: S608
                    " (SELECT unit_id FROM dashboard_dirty WHERE kind IN ('visit', 'register'))"
                )
            low, high = coverage_years()
            cursor.execute(_coverage_sql(t, full=full), {"low": low, "high": high})
        return sum(marks for _, marks, _, _ in shape.values())


def _born_tree(cursor, t: dict, *, full: bool) -> None:
    """The birth months summed over each unit's subtree ('born_tree'), for the units whose
    subtree holds a marked unit: a scope's age bands then read its own unit's ~480 rows
    instead of every birth month of every unit below it."""
    units = t["orgunit"]
    ancestors = (
        f"SELECT id FROM {units}"  # noqa: S608 - table names from the models
        if full
        else f"""SELECT a.id FROM {units} a JOIN {units} d ON d.path LIKE a.path || '%%'
                 WHERE d.id IN (SELECT unit_id FROM dashboard_dirty WHERE kind = 'register')"""  # noqa: S608, E501
    )
    cursor.execute(
        f"DELETE FROM {t['registerfact']} WHERE dimension = 'born_tree'"  # noqa: S608
        f" AND unit_id IN ({ancestors})"
    )
    cursor.execute(
        f"""
        INSERT INTO {t["registerfact"]} (unit_id, dimension, value, n)
        SELECT a.id, 'born_tree', f.value, sum(f.n)
        FROM {units} a JOIN {units} u ON u.path LIKE a.path || '%%'
        JOIN {t["registerfact"]} f ON f.unit_id = u.id AND f.dimension = 'born'
        WHERE a.id IN ({ancestors})
        GROUP BY 1, 3
        """  # noqa: S608 - table names from the models
    )


def _delete(cursor, table: str, kind: str, full: bool, match: str) -> None:
    if full:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - table name from the model
    else:
        cursor.execute(
            f"DELETE FROM {table} f USING dashboard_dirty d WHERE d.kind = %s AND {match}",  # noqa: S608
            [kind],
        )


# A page view refreshes what a few edits marked; a big backlog (after the daily jobs, or the
# migration's "everything" marks) on a big database is the frequent job's, not a request's.
REQUEST_MARKS = 500
REQUEST_ROWS = 200_000


def refresh_if_cheap() -> int:
    """The refresh an uncached page view may run: everything when the database is small or
    the backlog is a few marks, else nothing (the figures then wait for the frequent job, a
    few minutes at most — the page says when they were computed). With a read replica the
    page reads the replica and writes nothing: the refresh is the frequent job's on the primary
    (what a request refreshed would reach the replica no sooner than the job's)."""
    if replica_configured():
        return 0
    marks = FactMark.objects.count()
    if not marks:
        return 0
    if marks > REQUEST_MARKS or FactMark.objects.filter(unit_id__isnull=True).exists():
        from apps.visits.models import Visit

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Visit._meta.db_table]
            )
            row = cursor.fetchone()
        if row and row[0] > REQUEST_ROWS:
            return 0
    return refresh()


def refresh_all() -> int:
    """Rebuild every fact from the live rows (after a bulk load with triggers disabled, or to
    check them): one 'everything' mark per kind, then the refresh."""
    FactMark.objects.bulk_create([FactMark(kind=kind) for kind in FactMark.Kind.values])
    return refresh()


def dashboard_facts_refresh(*, on: date) -> int:
    """Frequent job (before the cache warm): the facts of what changed since the last run."""
    return refresh()


# --- reading --------------------------------------------------------------------------------------


def visible(model, user):
    """The facts of `user`'s scope: the one scope rule on the fact's unit (subtree prefix)."""
    return model.objects.filter(scope_q(user, unit="unit"))


def visit_counts(user, month: date) -> list[tuple[str, str, int]]:
    """(occasion, status, n) of the visits due in `month` in the scope."""
    return list(
        visible(VisitFact, user)
        .filter(month=month)
        .values_list("occasion", "status")
        .annotate(total=Sum("n"))
        .order_by()
    )


def coverage(user, year: int) -> list[dict] | None:
    """The coverage report's rows (unit, total, covered, missing, rate) for the scope and
    `year` from the facts; None for a year the facts do not keep (count it live)."""
    low, high = coverage_years()
    if not low <= year <= high:
        return None
    rows = (
        visible(CoverageFact, user)
        .filter(year=year)
        .values("unit_id", "unit__name", "unit__path")
        .annotate(total=Sum("total"), covered=Sum("covered"))
        .order_by("unit__path")
    )
    return [
        {
            "unit": row["unit__name"],
            "total": row["total"],
            "covered": row["covered"],
            "missing": row["total"] - row["covered"],
            "rate": round(100 * row["covered"] / row["total"], 1) if row["total"] else 0.0,
        }
        for row in rows
    ]


def payment_rows(user, *, status: str, month: date, start: date, end: date) -> list[dict]:
    """Per subsidy type: count and amount of `status` rows in `month` and in [start, end]."""
    this_month = Q(month=month)
    zero = Coalesce(Sum("n", filter=this_month), 0, output_field=IntegerField())
    return list(
        visible(PaymentFact, user)
        .filter(status=status, month__gte=start, month__lte=end)
        .values("subsidy_type_id")
        .annotate(
            month_total=Sum("amount", filter=this_month),
            month_count=zero,
            year_total=Sum("amount"),
            year_count=Sum("n"),
        )
        .order_by()
    )


def _month_start(day: date) -> date:
    return day.replace(day=1)


def register_counts(user, *, today: date, sensitive: bool, child_of, prefix: str, extra: dict):
    """The register's figures for the scope from the facts: (per child unit rows, totals).

    Rows carry total, kind_*, party and — only when `sensitive` — health_*, living_*,
    relocated, hardship (a role that may not see a field is not counted by it). Age bands are
    sums of whole birth months plus, for the month of each band edge, a live count of the
    days up to the edge; `extra` (the round-birthday counts) rides on that one live query."""
    dimensions = ["total", "kind", "party"]
    if sensitive:
        dimensions += ["health", "living", "relocated", "hardship"]
    facts = visible(RegisterFact, user)
    rows = (
        facts.filter(dimension__in=dimensions)
        .values("dimension", "value", child=child_of("unit__path", prefix))
        .annotate(total=Sum("n"))
        .order_by()
    )
    per_child: dict[str, dict] = {}
    for r in rows:
        key = _key(r["dimension"], r["value"])
        if key is None:
            continue
        bucket = per_child.setdefault(r["child"], {})
        bucket[key] = bucket.get(key, 0) + r["total"]
    if user.unit_id and not user.is_superuser:
        # The scope is the unit's subtree: its own pre-summed birth months.
        born = dict(
            facts.filter(dimension="born_tree", unit_id=user.unit_id).values_list("value", "n")
        )
    else:
        born = dict(
            facts.filter(dimension="born").values_list("value").annotate(total=Sum("n")).order_by()
        )
    # C(d): cadres born on or before d = whole months before d's month + d's month up to d.
    edges = sorted(
        {years_ago(today, age) for _, low, high in AGE_BANDS.values() for age in (low, high) if age}
    )
    live = {f"edge_{i}": Count("pk", filter=_upto(d)) for i, d in enumerate(edges)}
    live.update(extra)
    near = Q()
    for d in edges:
        near |= Q(birth_date__gte=_month_start(d), birth_date__lte=d)
    for agg in extra.values():
        near |= agg.filter
    counted = Cadre.objects.visible_to(user).alive().filter(near).aggregate(**live)

    def upto(d: date | None, total: int) -> int:
        if d is None:
            return total
        month = f"{d:%Y-%m}"
        whole = sum(n for value, n in born.items() if value < month)
        return whole + counted[f"edge_{edges.index(d)}"]

    totals: dict[str, int] = {}
    for bucket in per_child.values():
        for key, n in bucket.items():
            totals[key] = totals.get(key, 0) + n
    total = totals.get("total", 0)
    for key, (_, low, high) in AGE_BANDS.items():
        older = years_ago(today, high) if high else None
        younger = years_ago(today, low) if low else None
        # born in (older, younger]: C(younger) − C(older)
        totals[f"age_{key}"] = upto(younger, total) - (upto(older, total) if older else 0)
    totals.update({name: counted[name] for name in extra})
    return per_child, totals


def _upto(d: date) -> Q:
    return Q(birth_date__gte=_month_start(d), birth_date__lte=d)


def _key(dimension: str, value: str) -> str | None:
    if dimension == "total":
        return "total"
    if dimension in ("party", "relocated", "hardship"):
        return dimension if value == "1" else None
    return f"{dimension}_{value}"
