from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import STAFF_AND_LEADERSHIP, UNIT_STAFF, role_required
from apps.accounts.masking import sees_sensitive, shown
from apps.accounts.personal_access import log_personal_access
from apps.cadres.models import Cadre
from apps.core.dates import add_months
from apps.core.forms import errors_into_form
from apps.core.params import month_param, year_param
from apps.core.xlsx import xlsx_response

from . import exports, selectors, services
from .forms import CampaignForm, VisitCorrectForm, VisitFilterForm, VisitRecordForm
from .models import Campaign, Occasion, Visit
from .services.campaigns import campaign_filter_data


@role_required(UNIT_STAFF)
def my_visits(request):
    today = timezone.localdate()
    lists = selectors.my_visits(user=request.user, on=today)
    return render(
        request,
        "visits/my_visits.html",
        {
            "overdue": list(lists["overdue"][:200]),
            "this_week": list(lists["this_week"][:200]),
            "today": today,
            "week_end": selectors.week_end(today),
        },
    )


@role_required(UNIT_STAFF)
def visit_list(request):
    form = VisitFilterForm(request.GET or None)
    qs = Visit.objects.visible_to(request.user).select_related("cadre", "cadre__unit", "assignee")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(cadre__name__icontains=data["q"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["occasion"]:
            qs = qs.filter(occasion=data["occasion"])
        if data["due"]:
            qs = qs.filter(due_date=data["due"])
        if data["mine"]:
            qs = qs.filter(assignee=request.user)
    page = Paginator(qs.order_by("due_date", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, "visits/visit_list.html", {"form": form, "page_obj": page})


def _visit(request, pk) -> Visit:
    return get_object_or_404(
        Visit.objects.visible_to(request.user).select_related(
            "cadre", "cadre__unit", "assignee", "rule", "campaign", "recorded_by"
        ),
        pk=pk,
    )


def _visit_page(request, visit: Visit, form, status: int = 200):
    family = []
    if visit.occasion == Occasion.CONDOLENCE or visit.occasion_key.startswith("survivor:"):
        # Condolence and survivor care (遗属) visit the family: show who to contact.
        family = [
            {"name": c.name, "relation": c.relation, "phone": shown(request.user, c.phone, "phone")}
            for c in visit.cadre.family_contacts.all()
        ]
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "form": form,
            "family": family,
            "corrections": services.visit_corrections(visit),
        },
        status=status,
    )


@role_required(UNIT_STAFF)
def visit_detail(request, pk):
    visit = _visit(request, pk)
    if visit.status == Visit.Status.DONE:
        # Done work is not re-posted: the page offers a correction (更正) with a reason instead.
        form = VisitCorrectForm(instance=visit)
        if request.method == "POST":
            messages.error(request, services.visits.ALREADY_DONE)
            return _visit_page(request, visit, form, status=409)
        return _visit_page(request, visit, form)
    form = VisitRecordForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.visit_record(
                visit=visit,
                by=request.user,
                done_on=data["done_on"],
                form=data["form"],
                visitors=data["visitors"],
                notes=data["notes"],
                money=data["money"],
                gifts=data["gifts"],
            )
        except ValidationError as exc:
            errors_into_form(form, exc)
        else:
            messages.success(request, "走访已登记。")
            return redirect("visits:visit_detail", pk=visit.pk)
        # Nothing was saved: show the stored values, not the posted ones.
        visit.refresh_from_db()
    return _visit_page(request, visit, form)


@require_POST
@role_required(UNIT_STAFF)
def visit_correct(request, pk):
    visit = _visit(request, pk)
    form = VisitCorrectForm(request.POST, instance=_visit(request, pk))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.visit_correct(
                visit=visit,
                by=request.user,
                reason=data["reason"],
                **{f: data[f] for f in services.visits.CORRECTION_FIELDS},
            )
        except ValidationError as exc:
            errors_into_form(form, exc)
        else:
            messages.success(request, "走访记录已更正，更正前后的内容已记入修改历史。")
            return redirect("visits:visit_detail", pk=visit.pk)
    return _visit_page(request, visit, form, status=400)


@require_POST
@role_required(UNIT_STAFF)
def visit_cancel(request, pk):
    visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=pk)
    reason = request.POST.get("reason", "").strip() or "工作人员取消"
    services.visit_cancel(visit=visit, by=request.user, reason=reason)
    messages.info(request, "走访已取消。")
    return redirect("visits:visit_detail", pk=pk)


def _month(request, today: date) -> tuple[int, int]:
    month = month_param(request, default=today)
    return month.year, month.month


@role_required(UNIT_STAFF)
def visit_calendar(request):
    today = timezone.localdate()
    year, month = _month(request, today)
    mine = request.GET.get("mine", "1") == "1"
    prev_month = add_months(date(year, month, 1), -1)
    next_month = add_months(date(year, month, 1), 1)
    return render(
        request,
        "visits/calendar.html",
        {
            "weeks": selectors.month_calendar(user=request.user, year=year, month=month, mine=mine),
            "month": date(year, month, 1),
            "prev_month": prev_month,
            "next_month": next_month,
            "mine": mine,
            "today": today,
            "weekdays": ["一", "二", "三", "四", "五", "六", "日"],
        },
    )


@role_required(UNIT_STAFF)
def cadre_visits(request, cadre_pk):
    cadre = get_object_or_404(Cadre.objects.visible_to(request.user), pk=cadre_pk)
    visits = selectors.visits_for_cadre(cadre=cadre, user=request.user)
    page = Paginator(visits, 50).get_page(request.GET.get("page"))
    return render(request, "visits/cadre_visits.html", {"cadre": cadre, "page_obj": page})


@role_required(UNIT_STAFF)
def campaign_list(request):
    campaigns = Campaign.objects.visible_to(request.user).select_related("unit")
    page = Paginator(campaigns, 30).get_page(request.GET.get("page"))
    return render(request, "visits/campaign_list.html", {"page_obj": page})


def _cadre_filter(data, user):
    from apps.cadres.filters import CadreFilter

    return CadreFilter(
        data=data, queryset=Cadre.objects.visible_to(user).alive(), user=user, prefix="f"
    )


@role_required(UNIT_STAFF)
def campaign_create(request):
    form = CampaignForm(request.POST or None, user=request.user)
    cadre_filter = _cadre_filter(request.POST or None, request.user)
    if request.method == "POST" and getattr(cadre_filter, "refused", None):
        # A condition the user may not filter by would be dropped and widen the group.
        form.add_error(None, cadre_filter.refused_message)
    if request.method == "POST" and form.is_valid() and cadre_filter.is_valid():
        # Stored as the form reads it, so generation re-reads exactly this condition.
        filters = campaign_filter_data(cadre_filter.form)
        try:
            campaign = services.campaign_create(
                by=request.user, filters=filters, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已创建活动，生成走访 {campaign.visits.count()} 条。")
            return redirect(campaign)
    return render(
        request, "visits/campaign_form.html", {"form": form, "filter_form": cadre_filter.form}
    )


@role_required(UNIT_STAFF)
def campaign_detail(request, pk):
    campaign = get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related("unit", "created_by"), pk=pk
    )
    visits = (
        Visit.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("cadre", "cadre__unit", "assignee")
        .order_by("status", "cadre__name", "pk")
    )
    progress = selectors.status_counts(visits)
    page = Paginator(visits, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "visits/campaign_detail.html",
        {"campaign": campaign, "page_obj": page, "progress": progress},
    )


@require_POST
@role_required(UNIT_STAFF)
def campaign_regenerate(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    try:
        created = services.campaign_generate(campaign=campaign, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(request, f"补充生成走访 {created} 条。")
    return redirect(campaign)


@require_POST
@role_required(UNIT_STAFF)
def campaign_cancel(request, pk):
    """Cancel (撤销) a campaign: kept with who and why, open visits cancelled, done ones kept."""
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    try:
        cancelled = services.campaign_cancel(
            campaign=campaign, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"活动已撤销，取消未完成的走访 {cancelled} 条，已完成的走访保留。"
        )
    return redirect(campaign)


def _year(request) -> int:
    return year_param(request, default=timezone.localdate().year)


@role_required(STAFF_AND_LEADERSHIP)
def coverage(request):
    year = _year(request)
    rows = selectors.coverage_report(user=request.user, year=year)
    totals = {
        "total": sum(r["total"] for r in rows),
        "covered": sum(r["covered"] for r in rows),
    }
    totals["rate"] = round(100 * totals["covered"] / totals["total"], 1) if totals["total"] else 0
    counts_shown = sees_sensitive(request.user)
    if not counts_shown:
        # Relocation (易地安置) is a hidden field: a role that may not see it gets the rates, not
        # how many relocated cadres each unit has (apps.accounts.masking).
        rows = [{"unit": r["unit"], "rate": r["rate"]} for r in rows]
        totals = {"rate": totals["rate"]}
    this_year = timezone.localdate().year
    return render(
        request,
        "visits/coverage.html",
        {
            "rows": rows,
            "year": year,
            "totals": totals,
            "years": range(this_year, this_year - 5, -1),
            "counts_shown": counts_shown,
        },
    )


@role_required(STAFF_AND_LEADERSHIP)
def coverage_export(request):
    year = _year(request)
    content = exports.coverage_workbook(user=request.user, year=year)
    if exports.coverage_names_shown(request.user):
        # The sheet of cadres not yet visited carries names and where they live.
        log_personal_access(
            request,
            action="export",
            what=f"易地安置走访覆盖 {year}",
            cadres=selectors.coverage_missing(user=request.user, year=year),
        )
    return xlsx_response(content, f"coverage-{year}.xlsx")
