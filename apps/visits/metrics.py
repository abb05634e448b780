"""Per-unit figures of the visits app for whoever scores units (apps.core.metrics).

易地安置全覆盖率 is read through apps.visits.selectors.coverage_report, the report and the
dashboard's own figure: relocated cadres of the unit's subtree with a done visit in the year.
"""

from apps.core.metrics import register_metric, unit_scope

from .selectors import coverage_report


def coverage_rate(unit, year: int) -> float | None:
    """易地安置走访覆盖率 (%) of `unit`'s subtree in `year`; None without relocated cadres."""
    rows = coverage_report(user=unit_scope(unit), year=year)
    total = sum(r["total"] for r in rows)
    if not total:
        return None
    return round(100 * sum(r["covered"] for r in rows) / total, 1)


register_metric("visits.coverage", "易地安置走访覆盖率（%）", coverage_rate)
