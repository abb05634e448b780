"""The 急难愁盼 section of the dashboard: requests of the year, how fast they were closed and
how satisfied the cadres were (回访满意度), per reporting unit. Every count drills to the
request list filtered to the counted rows (staff only: the list shows what was asked)."""

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q

from apps.accounts.masking import sees_sensitive
from apps.accounts.models import OrgUnit
from apps.casework.models import ServiceRequest

from .figures import chart, child_of, kpi, link, rate, scope_prefix
from .window import Window

CLOSED = Q(status=ServiceRequest.Status.CLOSED)
RATED = Q(rating__isnull=False)


def _hours(duration) -> float | None:
    return round(duration.total_seconds() / 3600, 1) if duration is not None else None


def casework_section(user, window: Window) -> dict:
    """One grouped query over the year's requests (by the unit right below the user's), one
    for the unit names."""
    took = ExpressionWrapper(F("closed_at") - F("received_at"), output_field=DurationField())
    aggregates = {
        "received": Count("pk"),
        "closed": Count("pk", filter=CLOSED),
        "on_time": Count("pk", filter=CLOSED & Q(closed_at__lte=F("deadline"))),
        "took": Avg(took, filter=CLOSED),
        "rated": Count("pk", filter=RATED),
        "score": Avg("rating", filter=RATED),
        "satisfied": Count("pk", filter=Q(rating__gte=4)),
    }
    qs = ServiceRequest.objects.visible_to(user).filter(received_at__year=window.year)
    prefix = scope_prefix(user)
    rows = list(
        qs.order_by().values(child=child_of("cadre__unit__path", prefix)).annotate(**aggregates)
    )
    totals = qs.aggregate(**aggregates)
    ids = [int(r["child"]) for r in rows if r["child"]]
    units = {
        u["pk"]: u
        for u in OrgUnit.objects.filter(pk__in=ids).values("pk", "name", "path", "sort_order")
    }
    staff = sees_sensitive(user)

    def url(unit=None, **flags):
        if not staff:
            return None
        return link("casework:request_list", year=window.year, unit=unit, **flags)

    table_rows = []
    ordered = sorted(
        rows,
        key=lambda r: (
            (units[int(r["child"])]["sort_order"], units[int(r["child"])]["path"])
            if r["child"] and int(r["child"]) in units
            else (-1, "")
        ),
    )
    for r in ordered:
        unit = units.get(int(r["child"])) if r["child"] else None
        pk = unit["pk"] if unit else None

        def cell(value, _pk=pk, _unit=unit, **flags):
            # The 本级 row (requests of the user's own unit itself) has no subtree filter that
            # would count only it: shown without a link.
            return {"v": value, "url": url(_pk, **flags) if _unit else None}

        table_rows.append(
            [
                {"v": unit["name"] if unit else "本级", "url": None},
                cell(r["received"]),
                cell(r["closed"], closed=1),
                {"v": _hours(r["took"]) if r["took"] is not None else "—", "url": None},
                {"v": rate(r["on_time"], r["closed"]), "url": None},
                cell(r["rated"], rated=1),
                {"v": round(float(r["score"]), 2) if r["score"] is not None else "—", "url": None},
                {"v": rate(r["satisfied"], r["rated"]), "url": None},
            ]
        )
    score = round(float(totals["score"]), 2) if totals["score"] is not None else 0
    return {
        "key": "casework",
        "title": "急难愁盼诉求",
        "note": f"{window.year} 年受理的诉求；用时为受理到办结；满意度为老干部回访评价（1–5 分，4 分及以上为满意）",
        "kpis": [
            kpi("本年诉求", totals["received"], url(), "件"),
            kpi("已办结", totals["closed"], url(closed=1), "件"),
            kpi("平均办结用时", _hours(totals["took"]) or 0, url(closed=1), "小时"),
            kpi("按时办结率", rate(totals["on_time"], totals["closed"]), url(closed=1), "%"),
            kpi("已评价", totals["rated"], url(rated=1), "件"),
            kpi("平均满意度", score, url(rated=1), "分"),
            kpi("满意率", rate(totals["satisfied"], totals["rated"]), url(rated=1), "%"),
        ],
        "tables": [
            {
                "title": "按单位",
                "headers": [
                    "单位",
                    "受理",
                    "办结",
                    "平均用时（小时）",
                    "按时率（%）",
                    "已评价",
                    "平均满意度",
                    "满意率（%）",
                ],
                "rows": table_rows,
            }
        ],
        "charts": [
            chart(
                "casework-satisfaction",
                "bar",
                "平均满意度（按单位）",
                [
                    (row[0]["v"], row[6]["v"] if row[6]["v"] != "—" else 0, row[5]["url"])
                    for row in table_rows
                ],
            )
        ],
    }
