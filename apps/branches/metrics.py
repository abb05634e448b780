"""Per-unit figures of the branches app for whoever scores units (apps.core.metrics).

三会一课 compliance is read through apps.branches.selectors.compliance, the same function the
reports and the dashboard use: a (branch, quarter) counts once its quarter has ended, and the rate
is the share of those that met every rule — the dashboard's 达标率 over a whole year.
"""

from datetime import date

from django.utils import timezone

from apps.core.metrics import register_metric

from . import selectors
from .models import PartyBranch


def compliance_rate(unit, year: int) -> float | None:
    """三会一课达标率 (%) of the branches in `unit`'s subtree over the ended quarters of `year`;
    None when no quarter of the year has ended or the unit has no countable branch."""
    as_of = min(timezone.localdate(), date(year, 12, 31))
    branches = PartyBranch.objects.filter(unit__path__startswith=unit.path)
    rows = [
        row
        for row in selectors.compliance(
            branches, start=date(year, 1, 1), end=date(year, 12, 31), as_of=as_of
        )
        if selectors.add_months(row.quarter, selectors.QUARTER_MONTHS) <= as_of
    ]
    if not rows:
        return None
    ok = sum(1 for row in rows if row.status == selectors.QuarterCompliance.COMPLIANT)
    return round(100 * ok / len(rows), 1)


register_metric("branches.compliance", "三会一课达标率（%）", compliance_rate)
