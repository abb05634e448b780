"""Service plans (一人一策 / 一类一策) and service requests (急难愁盼) pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import STAFF_AND_LEADERSHIP, UNIT_STAFF, role_required
from apps.core.forms import errors_into_form
from apps.core.xlsx import xlsx_response

from . import exports, selectors, services
from .forms import (
    PlanReviewForm,
    RequestAssignForm,
    RequestCloseForm,
    ServicePlanForm,
    ServiceRequestForm,
)
from .models import ServicePlan, ServiceRequest


@role_required(UNIT_STAFF)
def plan_list(request):
    qs = (
        ServicePlan.objects.visible_to(request.user)
        .select_related("cadre", "unit", "responsible")
        .prefetch_related("needs")
    )
    kind = request.GET.get("kind")
    if kind in ServicePlan.Kind.values:
        qs = qs.filter(kind=kind)
    if request.GET.get("due"):
        qs = qs.active().filter(review_on__lte=timezone.localdate())
    page = Paginator(qs.order_by("status", "review_on", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/plan_list.html",
        {"page_obj": page, "kinds": ServicePlan.Kind.choices},
    )


def _plan_form_view(request, plan: ServicePlan):
    form = ServicePlanForm(
        request.POST or None,
        instance=plan,
        user=request.user,
        initial={"cadre": request.GET.get("cadre")} if plan.pk is None else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.plan_save(
                plan=form.save(commit=False), needs=form.cleaned_data["needs"], by=request.user
            )
        except ValidationError as exc:
            errors_into_form(form, exc)
        else:
            messages.success(request, "服务方案已保存。")
            return redirect("casework:plan_detail", pk=saved.pk)
    return render(request, "casework/plan_form.html", {"form": form, "plan": plan})


@role_required(UNIT_STAFF)
def plan_create(request):
    return _plan_form_view(request, ServicePlan())


def _plan(request, pk) -> ServicePlan:
    return get_object_or_404(
        ServicePlan.objects.visible_to(request.user).select_related("cadre", "unit", "responsible"),
        pk=pk,
    )


@role_required(UNIT_STAFF)
def plan_edit(request, pk):
    return _plan_form_view(request, _plan(request, pk))


@role_required(UNIT_STAFF)
def plan_detail(request, pk):
    plan = _plan(request, pk)
    return render(
        request,
        "casework/plan_detail.html",
        {"plan": plan, "needs": plan.needs.all(), "review_form": PlanReviewForm()},
    )


@require_POST
@role_required(UNIT_STAFF)
def plan_review(request, pk):
    plan = _plan(request, pk)
    form = PlanReviewForm(request.POST)
    if form.is_valid():
        try:
            services.plan_review(
                plan=plan,
                next_review_on=form.cleaned_data["review_on"],
                close=form.cleaned_data["close"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "评估已登记。")
    else:
        messages.error(request, "请填写下次评估日期。")
    return redirect("casework:plan_detail", pk=plan.pk)


@role_required(UNIT_STAFF)
def request_list(request):
    qs = ServiceRequest.objects.visible_to(request.user).select_related(
        "cadre", "cadre__unit", "urgency", "assignee"
    )
    status = request.GET.get("status")
    if status in ServiceRequest.Status.values:
        qs = qs.filter(status=status)
    if request.GET.get("overdue"):
        qs = qs.overdue(now=timezone.now())
    qs = selectors.requests_drilled(qs, user=request.user, params=request.GET)
    page = Paginator(qs.order_by("-received_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/request_list.html",
        {
            "page_obj": page,
            "statuses": ServiceRequest.Status.choices,
            "now": timezone.now(),
        },
    )


@role_required(UNIT_STAFF)
def request_create(request):
    form = ServiceRequestForm(
        request.POST or None, user=request.user, initial={"cadre": request.GET.get("cadre")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into_form(form, exc)
        else:
            messages.success(
                request,
                f"诉求已登记，响应时限 {timezone.localtime(created.deadline):%m月%d日 %H:%M}。",
            )
            return redirect("casework:request_detail", pk=created.pk)
    return render(request, "casework/request_form.html", {"form": form})


def _request(request, pk) -> ServiceRequest:
    return get_object_or_404(
        ServiceRequest.objects.visible_to(request.user).select_related(
            "cadre", "cadre__unit", "urgency", "assignee", "recorded_by"
        ),
        pk=pk,
    )


@role_required(UNIT_STAFF)
def request_detail(request, pk):
    item = _request(request, pk)
    return render(
        request,
        "casework/request_detail.html",
        {
            "item": item,
            "overdue": item.is_overdue(timezone.now()),
            "assign_form": RequestAssignForm(user=request.user),
            "close_form": RequestCloseForm(),
        },
    )


@require_POST
@role_required(UNIT_STAFF)
def request_assign(request, pk):
    item = _request(request, pk)
    form = RequestAssignForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.request_assign(
                request=item, assignee=form.cleaned_data["assignee"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "已分派。")
    else:
        messages.error(request, "请选择承办人。")
    return redirect("casework:request_detail", pk=item.pk)


@require_POST
@role_required(UNIT_STAFF)
def request_close(request, pk):
    item = _request(request, pk)
    form = RequestCloseForm(request.POST)
    if form.is_valid():
        try:
            services.request_close(
                request=item, outcome=form.cleaned_data["outcome"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "诉求已办结。")
    else:
        messages.error(request, "请填写办理结果。")
    return redirect("casework:request_detail", pk=item.pk)


@role_required(STAFF_AND_LEADERSHIP)
def request_report(request):
    return render(
        request,
        "casework/request_report.html",
        {"rows": selectors.request_response_report(user=request.user)},
    )


@role_required(STAFF_AND_LEADERSHIP)
def request_report_export(request):
    content = exports.request_report_workbook(user=request.user)
    return xlsx_response(content, f"requests-report-{timezone.localdate():%Y-%m-%d}.xlsx")
