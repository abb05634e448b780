"""任务清单 pages: overview, lists, assignments, reports, reviews, evidence."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import deny, is_city_bureau
from apps.accounts.models import OrgUnit
from apps.core.forms import errors_into_form
from apps.core.params import year_param
from apps.core.uploads import serve_upload
from apps.core.xlsx import append, workbook, xlsx_response

from .. import selectors, services
from ..forms import ReportForm, ReviewForm
from ..models import AssessmentRound, Evidence, Project, TaskAssignment, TaskList
from .common import _int_param, may_report, readers


@readers
def home(request):
    today = timezone.localdate()
    year = year_param(request, default=today.year)
    lists = TaskList.objects.visible_to(request.user).filter(year=year).select_related("unit")
    rounds = AssessmentRound.objects.visible_to(request.user).filter(year=year)
    projects = Project.objects.visible_to(request.user).filter(year=year)
    return render(
        request,
        "steering/home.html",
        {
            "year": year,
            "lists": lists,
            "rounds": rounds.select_related("rubric"),
            "project_count": projects.count(),
            "progress": selectors.progress_by_unit(request.user, year=year, today=today),
        },
    )


@readers
def assignment_list(request):
    today = timezone.localdate()
    year = year_param(request, default=today.year)
    status = request.GET.get("status", "")
    unit_id = _int_param(request, "unit")
    qs = selectors.assignments(request.user, year=year, today=today, unit_id=unit_id, status=status)
    if request.GET.get("format") == "xlsx":
        return _assignments_xlsx(qs, year=year, today=today)
    units = OrgUnit.objects.visible_to(request.user).filter(task_assignments__isnull=False)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "steering/assignment_list.html",
        {
            "page_obj": page,
            "year": year,
            "status": status,
            "unit_id": unit_id,
            "statuses": selectors.STATUS_FILTERS,
            "units": units.distinct().order_by("path"),
            "today": today,
        },
    )


def _assignments_xlsx(qs, *, year: int, today):
    """The list as filtered, for the bureau's 重点工作通报 (formula-safe, apps.core.xlsx)."""
    book = workbook(write_only=True)
    sheet = book.create_sheet("任务落实情况")
    headers = ["任务清单", "序号", "任务", "责任单位", "完成时限", "分值", "状态", "自评分", "扣分"]
    append(sheet, [*headers, "得分", "逾期"])
    for a in qs.iterator(chunk_size=2000):
        append(
            sheet,
            [
                a.item.task_list.title,
                a.item.number,
                a.item.title,
                a.unit.name,
                a.item.deadline,
                a.item.weight,
                a.get_status_display(),
                a.self_score,
                a.deduction,
                a.score,
                "是" if a.is_overdue(today) else "",
            ],
        )
    return xlsx_response(book, f"{year}年任务落实情况")


@readers
def task_list_detail(request, pk):
    task_list = get_object_or_404(TaskList.objects.visible_to(request.user), pk=pk)
    visible = TaskAssignment.objects.visible_to(request.user).select_related("unit")
    items = task_list.items.prefetch_related(
        Prefetch("assignments", queryset=visible.order_by("unit__path"), to_attr="rows")
    )
    return render(
        request,
        "steering/task_list_detail.html",
        {"task_list": task_list, "items": items, "today": timezone.localdate()},
    )


def _assignment(request, pk) -> TaskAssignment:
    return get_object_or_404(
        TaskAssignment.objects.visible_to(request.user).select_related("item__task_list", "unit"),
        pk=pk,
    )


def _detail(request, assignment, *, report_form=None, review_form=None, status=200):
    user = request.user
    can_report = may_report(user, assignment.unit_id) and assignment.status in (
        TaskAssignment.OPEN_STATES
    )
    can_review = is_city_bureau(user) and assignment.status == TaskAssignment.Status.SUBMITTED
    events = assignment.events.select_related("by").prefetch_related("files")
    return render(
        request,
        "steering/assignment_detail.html",
        {
            "a": assignment,
            "events": events,
            "can_report": can_report,
            "can_review": can_review,
            "report_form": report_form or ReportForm(user=user),
            "review_form": review_form or ReviewForm(),
            "overdue": assignment.is_overdue(timezone.localdate()),
            "form": report_form or review_form,  # the failed one: base.html's error summary
        },
        status=status,
    )


@readers
def assignment_detail(request, pk):
    return _detail(request, _assignment(request, pk))


@require_POST
@readers
def assignment_report(request, pk):
    assignment = _assignment(request, pk)
    if not may_report(request.user, assignment.unit_id):
        deny("只有责任单位的工作人员可以报送进展")
    form = ReportForm(request.POST, request.FILES, user=request.user)
    if form.is_valid():
        try:
            services.assignment_report(
                assignment=assignment,
                by=request.user,
                progress=form.cleaned_data["progress"],
                self_score=form.cleaned_data["self_score"],
                uploads=form.all_uploads(),
            )
        except ValidationError as exc:
            errors_into_form(form, exc)
            form.keep_uploads()
        else:
            messages.success(request, "进展已报送，等待市局审核。")
            return redirect("steering:assignment_detail", pk=pk)
    return _detail(request, assignment, report_form=form, status=400)


@require_POST
@readers
def assignment_review(request, pk):
    assignment = _assignment(request, pk)
    if not is_city_bureau(request.user):
        deny("只有市委老干部局可以审核任务")
    form = ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                services.assignment_accept(
                    assignment=assignment,
                    by=request.user,
                    deduction=data["deduction"],
                    reason=data["reason"],
                )
            else:
                services.assignment_return(
                    assignment=assignment, by=request.user, reason=data["reason"]
                )
        except ValidationError as exc:
            errors_into_form(form, exc)
        else:
            messages.success(request, "审核结果已保存。")
            return redirect("steering:assignment_detail", pk=pk)
    return _detail(request, assignment, review_form=form, status=400)


@readers
def evidence(request, pk):
    item = get_object_or_404(Evidence.objects.visible_to(request.user), pk=pk)
    return serve_upload(item.file, filename=item.name)
