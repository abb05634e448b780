"""The subsidies section of the dashboard: money paid this month and this year, by type."""

from decimal import Decimal

from apps.accounts.masking import sees_sensitive
from apps.subsidies.models import Payment, SubsidyType

from . import facts
from .figures import chart, kpi, link, num

ZERO = Decimal("0.00")


def subsidy_section(user, window) -> dict:
    """Paid rows only (a row in a batch not yet paid is money owed, not money spent), summed
    from the payment facts per type with a FILTER per period, in Decimal until the JSON edge."""
    month = window.month_start
    # From the facts: per unit, month, type and status (summed over the scope's subtree).
    rows = facts.payment_rows(
        user, status=Payment.Status.PAID, month=month, start=window.start, end=window.as_of
    )
    by_type = {r["subsidy_type_id"]: r for r in rows}
    types = list(SubsidyType.objects.filter(pk__in=by_type).order_by("sort_order", "pk"))
    # The entitlement list names who gets what: only for users who see personal data (money);
    # leadership read the figures without the names.
    staff = sees_sensitive(user)

    def url(subsidy_type=None):
        if not staff:
            return None
        return link("subsidies:entitlement_list", subsidy_type=subsidy_type)

    month_total = sum((r["month_total"] or ZERO for r in rows), ZERO)
    year_total = sum((r["year_total"] or ZERO for r in rows), ZERO)
    table_rows = [
        [
            {"v": t.name, "url": None},
            {"v": by_type[t.pk]["month_count"], "url": url(t.pk)},
            {"v": num(by_type[t.pk]["month_total"] or ZERO), "url": url(t.pk)},
            {"v": by_type[t.pk]["year_count"], "url": url(t.pk)},
            {"v": num(by_type[t.pk]["year_total"] or ZERO), "url": url(t.pk)},
        ]
        for t in types
    ]
    return {
        "key": "subsidies",
        "title": "补贴发放",
        "note": f"已发放金额；本月为 {month:%Y年%m月}，本年为 {window.start:%Y-%m} 至 {month:%Y-%m}",
        "kpis": [
            kpi("本月发放", month_total, url(), "元"),
            kpi("本月发放人次", sum(r["month_count"] for r in rows), url(), "人次"),
            kpi("本年发放", year_total, url(), "元"),
        ],
        "tables": [
            {
                "title": "按补贴类型",
                "headers": ["补贴类型", "本月人次", "本月金额（元）", "本年人次", "本年金额（元）"],
                "rows": table_rows,
            }
        ],
        "charts": [
            chart(
                "subsidies-type",
                "bar",
                "本年发放金额（按类型）",
                [(t.name, by_type[t.pk]["year_total"] or ZERO, url(t.pk)) for t in types],
            )
        ],
    }
