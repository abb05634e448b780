"""Per-unit figures of the casework app for whoever scores units (apps.core.metrics).

The on-time rate of 急难愁盼 requests is read through apps.casework.selectors
.request_response_report, the response-time report's own figures.
"""

from datetime import date, datetime, time

from django.utils import timezone

from apps.core.metrics import register_metric, unit_scope

from .selectors import request_response_report


def on_time_rate(unit, year: int) -> float | None:
    """诉求按时办结率 (%): requests received since 1 January of `year` in `unit`'s subtree and
    closed by their deadline, of those closed; None when none is closed. (The report counts from
    a start date, so a past year also counts what came in after it.)"""
    since = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    rows = request_response_report(user=unit_scope(unit), since=since)
    closed = sum(r["closed"] for r in rows)
    if not closed:
        return None
    return round(100 * sum(r["on_time"] for r in rows) / closed, 1)


register_metric("casework.on_time", "诉求按时办结率（%）", on_time_rate)
