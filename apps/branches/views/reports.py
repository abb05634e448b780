"""Reports for staff and leadership, each scope-filtered and exportable to Excel (?format=xlsx)."""

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from apps.accounts.access import STAFF_AND_LEADERSHIP, deny, has_role
from apps.accounts.personal_access import log_personal_access
from apps.core.params import int_param, month_param, year_param

from .. import selectors
from ..excel import xlsx_response
from ..models import PartyBranch

REPORT_ROLES = STAFF_AND_LEADERSHIP


def _check(request):
    if not has_role(request.user, REPORT_ROLES):
        deny()


def _xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


@login_required
def index(request):
    _check(request)
    return render(request, "branches/reports/index.html")


@login_required
def compliance(request):
    _check(request)
    today = timezone.localdate()
    year = year_param(request, default=today.year)
    quarter = int_param(request, "quarter", default=0, low=0, high=4, label="季度")
    if 1 <= quarter <= 4:
        start = end = date(year, 3 * quarter - 2, 1)
    else:
        start, end = date(year, 1, 1), date(year, 12, 31)
    rows = selectors.compliance(
        PartyBranch.objects.visible_to(request.user), start=start, end=end, as_of=today
    )
    status = request.GET.get("status", "")
    if status in selectors.QuarterCompliance.LABELS:  # a dashboard figure's rows; else all
        rows = [row for row in rows if row.status == status]
    if _xlsx(request):
        rules = rows[0].rules if rows else []
        return xlsx_response(
            f"三会一课达标情况-{year}",
            "三会一课达标情况",
            [
                "单位",
                "支部",
                "季度",
                "活动总数",
                *[f"{r.label}（{r.requirement}）" for r in rules],
                "结果",
            ],
            (
                (
                    row.unit_name,
                    row.branch_name,
                    row.quarter_label,
                    row.activities,
                    *[r.count for r in row.rules],
                    row.status_label,
                )
                for row in rows
            ),
        )
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    summary = {
        label: sum(1 for r in rows if r.status_label == label)
        for label in ("达标", "未达标", "进行中")
    }
    return render(
        request,
        "branches/reports/compliance.html",
        {
            "page_obj": page,
            "year": year,
            "quarter": quarter,
            "summary": summary,
            "rules": rows[0].rules if rows else [],
        },
    )


@login_required
def unorganised(request):
    _check(request)
    qs = selectors.unorganised_members(request.user)
    if _xlsx(request):
        log_personal_access(request, action="export", what="应统未统党员", cadres=qs)
        return xlsx_response(
            "应统未统党员",
            "应统未统",
            ["姓名", "管理单位", "入党时间"],
            ((c.name, c.unit.name, c.party_joined_on) for c in qs.iterator(chunk_size=2000)),
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "branches/reports/unorganised.html", {"page_obj": page})


@login_required
def inactive(request):
    _check(request)
    today = timezone.localdate()
    days = int_param(request, "days", default=90, low=1, high=3650, label="天数")
    qs = selectors.inactive_branches(
        PartyBranch.objects.visible_to(request.user), today=today, days=days
    )
    if _xlsx(request):
        return xlsx_response(
            f"{days}天未开展活动的支部",
            "未开展活动支部",
            ["单位", "支部", "支部书记", "最近一次活动"],
            ((b.unit.name, b.name, str(b.secretary or ""), b.last_activity or "从未") for b in qs),
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "branches/reports/inactive.html", {"page_obj": page, "days": days, "today": today}
    )


@login_required
def attendance(request):
    _check(request)
    today = timezone.localdate()
    start = today - timedelta(
        days=int_param(request, "days", default=365, low=1, high=3650, label="天数")
    )
    qs = selectors.attendance_rates(
        PartyBranch.objects.visible_to(request.user), start=start, end=today
    )
    if _xlsx(request):
        return xlsx_response(
            "支部出席率",
            "出席率",
            ["单位", "支部", "活动次数", "应到人次", "实到人次", "出席率（%）"],
            (
                (
                    b.unit.name,
                    b.name,
                    b.n_activities,
                    b.n_expected,
                    b.n_present,
                    round(b.rate, 1) if b.rate is not None else None,
                )
                for b in qs
            ),
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "branches/reports/attendance.html",
        {"page_obj": page, "start": start, "end": today},
    )


@login_required
def ranking(request):
    _check(request)
    today = timezone.localdate()
    month = month_param(request, default=today)
    ranked = selectors.monthly_ranking(PartyBranch.objects.visible_to(request.user), month=month)
    if _xlsx(request):
        return xlsx_response(
            f"三会一课月度排名-{month:%Y-%m}",
            "月度排名",
            ["名次", "单位", "支部", "达标项", "得分", "本月活动"],
            (
                (b.rank, b.unit.name, b.name, f"{b.rules_met}/{b.rules_total}", b.score, b.n_month)
                for b in ranked
            ),
        )
    page = Paginator(ranked, 50).get_page(request.GET.get("page"))
    return render(request, "branches/reports/ranking.html", {"page_obj": page, "month": month})
