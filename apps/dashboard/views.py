from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from apps.accounts.access import is_unit_staff
from apps.accounts.masking import sees_sensitive
from apps.accounts.personal_access import log_personal_access
from apps.cadres.models import Cadre
from apps.visits.models import Occasion, Visit

from . import annual, card, selectors
from .access import dashboard_required
from .exports import annual_workbook, section_workbook, xlsx_response
from .sections import SENSITIVE_OCCASIONS

YEARS_SHOWN = 5


def _year(request, today: date) -> int:
    """The chosen year, limited to the years the selector offers (a bad value is this year)."""
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if today.year - YEARS_SHOWN < year <= today.year else today.year


def _scope_label(user) -> str:
    return user.unit.name if user.unit_id else "全市"


def _context(request):
    today = timezone.localdate()
    year = _year(request, today)
    data = selectors.dashboard(user=request.user, year=year, today=today)
    charts = [c for s in data["sections"] for c in s["charts"]]
    return {
        "data": data,
        "year": year,
        "years": range(today.year, today.year - YEARS_SHOWN, -1),
        "charts": charts,
        "scope": _scope_label(request.user),
    }


@dashboard_required
def index(request):
    context = _context(request)
    # The sections' markup outlives its figures by nothing: an entry's token is new each time.
    context["fragment_seconds"] = selectors.cache_seconds() + int(settings.FREQUENT_JOBS_SECONDS)
    return render(request, "dashboard/index.html", context)


@dashboard_required
def screen(request):
    context = _context(request)
    context["refresh_seconds"] = selectors.cache_seconds()
    return render(request, "dashboard/screen.html", context)


@dashboard_required
def section_export(request, key):
    if key not in selectors.SECTION_KEYS:
        raise Http404
    today = timezone.localdate()
    year = _year(request, today)
    data = selectors.dashboard(user=request.user, year=year, today=today)
    section = next(s for s in data["sections"] if s["key"] == key)
    scope = _scope_label(request.user)
    book = section_workbook(section, scope=scope, year=year, computed_at=data["computed_at"])
    return xlsx_response(book, f"{section['title']}-{scope}-{year}.xlsx")


@dashboard_required
def visit_drill(request):
    """The visits behind the dashboard's visit figures (names and dates only, for leadership
    too; staff open each visit from here).

    Without `sees_sensitive`: no 事由 column (titles name the hospital), and for an occasion that
    tells health or family trouble (生病住院, 矛盾纠纷 …) the count only, never who: "who was in
    hospital this month" is exactly the personal detail leadership do not see."""
    today = timezone.localdate()
    try:
        year, month = (int(p) for p in request.GET.get("month", "").split("-"))
        start = date(year, month, 1)
    except ValueError:
        start = today.replace(day=1)
    end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    qs = (
        Visit.objects.visible_to(request.user)
        .filter(due_date__gte=start, due_date__lt=end)
        .select_related("cadre", "cadre__unit", "assignee")
    )
    status = request.GET.get("status", "")
    if status in Visit.Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
        qs = qs.exclude(status=Visit.Status.CANCELLED)
    occasion = request.GET.get("occasion", "")
    if occasion in Occasion.values:
        qs = qs.filter(occasion=occasion)
    else:
        occasion = ""
    sensitive = sees_sensitive(request.user)
    names_withheld = not sensitive and occasion in SENSITIVE_OCCASIONS
    if names_withheld:
        messages.info(request, "该事由涉及个人健康或家庭情况，仅显示人次，名单由工作人员查看。")
        count = qs.count()
        qs = qs.none()
    page = Paginator(qs.order_by("due_date", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/visits.html",
        {
            "page_obj": page,
            "month": start,
            "status_label": dict(Visit.Status.choices).get(status, "全部（不含已取消）"),
            "occasion_label": dict(Occasion.choices).get(occasion, ""),
            "can_open": is_unit_staff(request.user),
            "sensitive": sensitive,
            "withheld_count": count if names_withheld else None,
        },
    )


@dashboard_required
def cadre_card(request, pk):
    cadre = get_object_or_404(
        Cadre.objects.visible_to(request.user)
        .select_related("unit")
        .prefetch_related("family_contacts"),
        pk=pk,
    )
    today = timezone.localdate()
    log_personal_access(request, action="view_card", what="一员一卡", cadres=cadre.pk)
    return render(
        request,
        "dashboard/cadre_card.html",
        {
            "cadre": cadre,
            "card": card.cadre_card(cadre=cadre, user=request.user, today=today),
            "today": today,
        },
    )


def _annual(request):
    today = timezone.localdate()
    year = _year(request, today)
    report = annual.annual_return(user=request.user, year=year)
    checks = annual.validate(report, user=request.user)
    return year, report, checks


@dashboard_required
def annual_return(request):
    today = timezone.localdate()
    year, report, checks = _annual(request)
    return render(
        request,
        "dashboard/annual.html",
        {
            "year": year,
            "years": range(today.year, today.year - YEARS_SHOWN, -1),
            "report": report,
            "checks": checks,
            "failed": [c for c in checks if not c.passed],
            "scope": _scope_label(request.user),
        },
    )


@dashboard_required
def annual_export(request):
    """The return as Excel. A return that fails its audit is exported only when asked for
    explicitly (?force=1), and then carries the failed checks and their cadres."""
    year, report, checks = _annual(request)
    failed = [c for c in checks if not c.passed]
    if failed and request.GET.get("force") != "1":
        today = timezone.localdate()
        return render(
            request,
            "dashboard/annual.html",
            {
                "year": year,
                "years": range(today.year, today.year - YEARS_SHOWN, -1),
                "report": report,
                "checks": checks,
                "failed": failed,
                "scope": _scope_label(request.user),
                "export_refused": True,
            },
            status=409,
        )
    scope = _scope_label(request.user)
    book = annual_workbook(report, scope=scope, checks=checks, user_label=request.user.display_name)
    return xlsx_response(book, f"离退休干部统计年报-{scope}-{year}.xlsx")
