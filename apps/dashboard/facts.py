"""Keeping and reading the dashboard's facts (apps.dashboard.models).

What changed is told by PostgreSQL itself: statement-level AFTER triggers (migration 0001) on
the payments, the register and the branch memberships append one FactMark per distinct (kind,
unit, month) a statement touched — a 50,000-row INSERT … SELECT adds a few hundred marks, not
50,000. The visits' trigger (0005) records the change itself instead: per (unit, month,
occasion, status) how many rows came or went (VisitChange), plus a 'coverage' mark for a unit
whose done visits changed; the refresh adds those, so its work after the daily generation is
the generation's few thousand slices, not a recount of every month it touched. Every write
path is covered (ORM save, queryset.update, raw SQL, COPY, admin), because the database sees
them all.

`refresh()` takes the marks and changes (DELETE … RETURNING: exactly the committed ones its
snapshot sees; one committed later survives for the next run), adds the changes, deletes the
facts of the marked slices and recomputes them from the live rows in one INSERT … SELECT per
kind. A mark with no unit and no month means "everything" (the
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
from cadre_portal.dbrouters import reading_replica

from .models import CoverageFact, FactMark, PaymentFact, RegisterFact, VisitChange, VisitFact

LOCK = 0x0DA5B0A2D  # pg advisory lock key: one refresh at a time

VISIT, PAYMENT, REGISTER = FactMark.Kind.VISIT, FactMark.Kind.PAYMENT, FactMark.Kind.REGISTER
COVERAGE = FactMark.Kind.COVERAGE
COVERAGE_KINDS = "('coverage', 'register', 'visit')"  # the marks whose units' coverage is recounted

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
    # 应统未统 (apps.branches.selectors.unorganised_members): a party member in no branch now.
    (
        "unorganised",
        "CASE WHEN political_status = 'cpc' AND NOT EXISTS (SELECT 1 FROM {membership} m"
        " WHERE m.cadre_id = c.id AND m.left_on IS NULL) THEN '1' ELSE '0' END",
    ),
)


def _tables() -> dict:
    from apps.branches.models import Membership
    from apps.subsidies.models import Payment
    from apps.visits.models import Visit

    return {
        "visit": Visit._meta.db_table,
        "payment": Payment._meta.db_table,
        "cadre": Cadre._meta.db_table,
        "mark": FactMark._meta.db_table,
        "visitfact": VisitFact._meta.db_table,
        "visitchange": VisitChange._meta.db_table,
        "paymentfact": PaymentFact._meta.db_table,
        "registerfact": RegisterFact._meta.db_table,
        "coveragefact": CoverageFact._meta.db_table,
        "orgunit": OrgUnit._meta.db_table,
        "membership": Membership._meta.db_table,
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
    values = ", ".join(
        f"('{dim}', {expr.format(membership=t['membership'])})" for dim, expr in REGISTER_DIMENSIONS
    )
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
        else f"AND unit_id IN (SELECT unit_id FROM dashboard_dirty WHERE kind IN {COVERAGE_KINDS})"  # noqa: S608, E501
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
    """Bring the facts up to the live rows: add the visits' recorded changes, recompute every
    slice marked since the last run; returns the number of marks and changes taken (0: nothing
    had changed, or another refresh holds the lock).

    The changes are added, not recomputed, so they must be taken exactly once and from the same
    committed state the marked slices are recomputed from: the refresh runs in one REPEATABLE
    READ transaction (when it opens the transaction itself) after taking the lock, so a change
    committed meanwhile is neither in the facts nor taken, and waits for the next run."""
    t = _tables()
    if not FactMark.objects.exists() and not VisitChange.objects.exists():
        return 0  # the usual case on a page view: two cheap queries
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK])
        if not cursor.fetchone()[0]:
            return 0
    try:
        own = not connection.in_atomic_block
        with transaction.atomic(), connection.cursor() as cursor:
            if own:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            return _refresh(cursor, t)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])


def _refresh(cursor, t: dict) -> int:
    cursor.execute("DROP TABLE IF EXISTS pg_temp.dashboard_dirty, pg_temp.dashboard_changes")
    cursor.execute(
        f"""
        CREATE TEMP TABLE dashboard_dirty ON COMMIT DROP AS
        WITH taken AS (DELETE FROM {t["mark"]} RETURNING kind, unit_id, month)
        SELECT kind, unit_id, month, count(*) AS marks FROM taken GROUP BY 1, 2, 3
        """  # noqa: S608 - table name from the model
    )
    cursor.execute(
        f"""
        CREATE TEMP TABLE dashboard_changes ON COMMIT DROP AS
        WITH taken AS (DELETE FROM {t["visitchange"]} RETURNING unit_id, month, occasion, status, n)
        SELECT unit_id, month, occasion, status, sum(n)::int AS n, count(*)::int AS taken
        FROM taken GROUP BY 1, 2, 3, 4
        """  # noqa: S608 - table name from the model
    )
    cursor.execute("SELECT coalesce(sum(taken), 0)::int FROM dashboard_changes")
    changes = cursor.fetchone()[0]
    cursor.execute(
        "SELECT kind, bool_or(unit_id IS NULL AND month IS NULL), sum(marks)::int,"
        " count(DISTINCT unit_id), count(DISTINCT month) FROM dashboard_dirty GROUP BY kind"
    )
    shape = {kind: (full, marks, units, months) for kind, full, marks, units, months in cursor}
    if not shape and not changes:
        return 0
    cursor.execute("ANALYZE dashboard_dirty")
    visits_full = VISIT in shape and shape[VISIT][0]
    if changes and not visits_full:
        _add_visit_changes(cursor, t)
    if VISIT in shape:
        # Slices marked (a cadre moved with their visits; the 'everything' mark): recounted.
        full, _, units, months = shape[VISIT]
        _delete(cursor, t["visitfact"], VISIT, full, "f.unit_id = d.unit_id AND f.month = d.month")
        cursor.execute(_visit_sql(t, full=full, by_unit=units <= months))
    if PAYMENT in shape:
        full = shape[PAYMENT][0]
        _delete(
            cursor, t["paymentfact"], PAYMENT, full, "f.unit_id = d.unit_id AND f.month = d.month"
        )
        cursor.execute(_payment_sql(t, full=full))
    if REGISTER in shape:
        full = shape[REGISTER][0]
        _delete(cursor, t["registerfact"], REGISTER, full, "f.unit_id = d.unit_id")
        cursor.execute(_register_sql(t, full=full))
        _born_tree(cursor, t, full=full)
    covering = [k for k in (COVERAGE, REGISTER, VISIT) if k in shape]
    if covering:
        # Coverage reads both the register (who is relocated) and the done visits: the units
        # where either changed (a done visit, not any visit), every year kept.
        full = any(shape[k][0] for k in covering)
        if full:
            cursor.execute(f"DELETE FROM {t['coveragefact']}")  # noqa: S608
        else:
            cursor.execute(
                f"DELETE FROM {t['coveragefact']} WHERE unit_id IN"  # noqa: S608
                f" (SELECT unit_id FROM dashboard_dirty WHERE kind IN {COVERAGE_KINDS})"
            )
        low, high = coverage_years()
        cursor.execute(_coverage_sql(t, full=full), {"low": low, "high": high})
    return sum(marks for _, marks, _, _ in shape.values()) + changes


def _add_visit_changes(cursor, t: dict) -> None:
    """Add the taken changes to the visit facts (a slice new to the facts is inserted, one
    that reaches zero deleted)."""
    cursor.execute(
        f"""
        INSERT INTO {t["visitfact"]} (unit_id, month, occasion, status, n)
        SELECT c.unit_id, c.month, c.occasion, c.status, c.n
        FROM dashboard_changes c JOIN {t["orgunit"]} u ON u.id = c.unit_id
        WHERE c.n <> 0
        ON CONFLICT ON CONSTRAINT visitfact_slice DO UPDATE SET n = {t["visitfact"]}.n + EXCLUDED.n
        """  # noqa: S608 - table names from the models
    )
    cursor.execute(
        f"""
        DELETE FROM {t["visitfact"]} f USING dashboard_changes c
        WHERE f.n = 0 AND f.unit_id = c.unit_id AND f.month = c.month
          AND f.occasion = c.occasion AND f.status = c.status
        """  # noqa: S608 - table name from the model
    )


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
    few minutes at most — the page says when they were computed). When the page reads the
    replica it writes nothing: the refresh is the frequent job's on the primary (what a request
    refreshed would reach the replica no sooner than the job's). A replica that is down or
    behind sends the reads to the primary, and the page refreshes as without one."""
    if reading_replica():
        return 0
    marks = FactMark.objects.count()
    if not marks and not VisitChange.objects.exists():
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

    Rows carry total, kind_*, party, unorganised (应统未统) and — only when `sensitive` —
    health_*, living_*, relocated, hardship (a role that may not see a field is not counted
    by it). Age bands are sums of whole birth months plus, for the month of each band edge, a
    live count of the days up to the edge; `extra` (the round-birthday counts) rides on that
    one live query."""
    dimensions = ["total", "kind", "party", "unorganised"]
    if sensitive:
        dimensions += ["health", "living", "relocated", "hardship"]
    facts = visible(RegisterFact, user)
    wanted = Q(dimension__in=dimensions)
    own_tree = bool(user.unit_id and not user.is_superuser)
    if own_tree:
        # The scope is the unit's subtree: its own pre-summed birth months, in the same query.
        wanted |= Q(dimension="born_tree", unit_id=user.unit_id)
    rows = (
        facts.filter(wanted)
        .values("dimension", "value", child=child_of("unit__path", prefix))
        .annotate(total=Sum("n"))
        .order_by()
    )
    per_child: dict[str, dict] = {}
    born: dict[str, int] = {}
    for r in rows:
        if r["dimension"] == "born_tree":
            born[r["value"]] = r["total"]
            continue
        key = _key(r["dimension"], r["value"])
        if key is None:
            continue
        bucket = per_child.setdefault(r["child"], {})
        bucket[key] = bucket.get(key, 0) + r["total"]
    if not own_tree:
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
    if dimension in ("party", "relocated", "hardship", "unorganised"):
        return dimension if value == "1" else None
    return f"{dimension}_{value}"
