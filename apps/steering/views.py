"""Pages of the steering app. Lookups go through visible_to (out of scope: 404); the role gate
says who may act (403): an owner unit's staff report, the city bureau reviews, leadership read."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from apps.accounts.access import (
    STAFF_AND_LEADERSHIP,
    deny,
    is_city_bureau,
    is_unit_staff,
    role_required,
)
from apps.accounts.models import OrgUnit
from apps.core.forms import errors_into_form
from apps.core.params import year_param
from apps.core.uploads import serve_upload
from apps.core.xlsx import append, xlsx_response

from . import selectors, services
from .forms import MilestoneDoneForm, ReportForm, ReviewEntryForm, ReviewForm, SelfAssessForm
from .models import (
    AssessmentEntry,
    AssessmentRound,
    Evidence,
    ItemScore,
    Milestone,
    Project,
    RubricItem,
    TaskAssignment,
    TaskList,
)

readers = role_required(STAFF_AND_LEADERSHIP)


def may_report(user, unit_id: int) -> bool:
    """The owner unit's own staff report its items (the city bureau reviews, never reports)."""
    return user.is_superuser or (is_unit_staff(user) and user.unit_id == unit_id)


def may_step(user) -> bool:
    """自评 and 推荐 are the units' (district staff); 复核命名 is the city bureau's."""
    return user.is_superuser or (is_unit_staff(user) and not is_city_bureau(user))


def _int_param(request, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() else None


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


# --- 考核 / 六好 -----------------------------------------------------------------------------------
@readers
def round_list(request):
    rounds = AssessmentRound.objects.visible_to(request.user).select_related("rubric")
    return render(request, "steering/round_list.html", {"rounds": rounds})


def _round(request, pk) -> AssessmentRound:
    return get_object_or_404(
        AssessmentRound.objects.visible_to(request.user).select_related("rubric"), pk=pk
    )


@readers
def round_detail(request, pk):
    rnd = _round(request, pk)
    return render(
        request,
        "steering/round_detail.html",
        {
            "round": rnd,
            "entries": selectors.ranking(rnd, request.user),
            "can_compute": is_city_bureau(request.user),
        },
    )


@readers
def round_export(request, pk):
    rnd = _round(request, pk)
    items = services.leaves(rnd.rubric)
    entries = selectors.ranking(rnd, request.user)
    scores = {
        (s.entry_id, s.item_id): s.score
        for s in ItemScore.objects.visible_to(request.user).filter(entry__round=rnd)
    }
    book = Workbook(write_only=True)
    sheet = book.create_sheet("排名")
    append(
        sheet, ["名次", "单位", "参评对象", "状态", "总分", *[f"{i.code} {i.title}" for i in items]]
    )
    for e in entries:
        append(
            sheet,
            [
                e.rank,
                e.unit.name,
                e.candidate,
                e.get_status_display(),
                e.total,
                *[scores.get((e.pk, i.pk)) for i in items],
            ],
        )
    return xlsx_response(book, f"{rnd.year}-{rnd.title}-排名")


@require_POST
@readers
def round_compute(request, pk):
    rnd = _round(request, pk)
    if not is_city_bureau(request.user):
        deny("只有市委老干部局可以计算考核得分")
    count = services.round_compute(round=rnd)
    messages.success(request, f"已重新计算 {count} 个参评对象的得分。")
    return redirect("steering:round_detail", pk=pk)


def _entry(request, pk) -> AssessmentEntry:
    return get_object_or_404(
        AssessmentEntry.objects.visible_to(request.user).select_related("round__rubric", "unit"),
        pk=pk,
    )


def _entry_page(request, entry, *, form=None, review_form=None, status=200):
    user = request.user
    manual = [
        i for i in services.leaves(entry.round.rubric) if i.source == RubricItem.Source.MANUAL
    ]
    scores = {s.item_id: s for s in entry.scores.select_related("item")}
    if form is None:
        form = SelfAssessForm(
            items=manual, initial_scores={k: s.self_score for k, s in scores.items()}
        )
    items = list(RubricItem.objects.filter(rubric=entry.round.rubric).order_by("code"))
    for item in items:
        item.entry_score = scores.get(item.pk)
    draft = entry.status in (AssessmentEntry.Status.DRAFT, AssessmentEntry.Status.SELF_ASSESSED)
    return render(
        request,
        "steering/entry_detail.html",
        {
            "entry": entry,
            "items": items,
            "form": form,
            "review_form": review_form or ReviewEntryForm(),
            "can_self_assess": may_step(user) and draft,
            "can_recommend": may_step(user)
            and entry.status == AssessmentEntry.Status.SELF_ASSESSED,
            "can_review": is_city_bureau(user)
            and entry.status == AssessmentEntry.Status.RECOMMENDED,
        },
        status=status,
    )


@readers
def entry_detail(request, pk):
    return _entry_page(request, _entry(request, pk))


@require_POST
@readers
def entry_step(request, pk, step):
    entry = _entry(request, pk)
    user = request.user
    if step == "review":
        if not is_city_bureau(user):
            deny("复核命名由市委老干部局进行")
    elif step in ("self_assess", "recommend"):
        if not may_step(user):
            deny("自评和推荐由参评单位所在区县进行")
    else:
        raise Http404("没有这一步")
    try:
        if step == "self_assess":
            manual = [
                i
                for i in services.leaves(entry.round.rubric)
                if i.source == RubricItem.Source.MANUAL
            ]
            form = SelfAssessForm(request.POST, items=manual)
            if not form.is_valid():
                return _entry_page(request, entry, form=form, status=400)
            services.entry_self_assess(entry=entry, by=user, scores=form.scores())
        elif step == "recommend":
            services.entry_recommend(entry=entry, by=user)
        else:
            review_form = ReviewEntryForm(request.POST)
            if not review_form.is_valid():
                return _entry_page(request, entry, review_form=review_form, status=400)
            services.entry_review(
                entry=entry,
                by=user,
                named=review_form.cleaned_data["named"],
                note=review_form.cleaned_data["note"],
            )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已保存。")
    return redirect("steering:entry_detail", pk=pk)


# --- 办实事 / 重点课题 ------------------------------------------------------------------------------
@readers
def project_list(request):
    today = timezone.localdate()
    year = year_param(request, default=today.year)
    qs = Project.objects.visible_to(request.user).filter(year=year).select_related("unit")
    kind = request.GET.get("kind", "")
    if kind in Project.Kind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs.order_by("unit__path", "kind", "pk"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "steering/project_list.html",
        {"page_obj": page, "year": year, "kind": kind, "kinds": Project.Kind.choices},
    )


def _project_page(request, project, *, form=None, status=200):
    return render(
        request,
        "steering/project_detail.html",
        {
            "project": project,
            "milestones": project.milestones.select_related("done_by"),
            "form": form or MilestoneDoneForm(initial={"done_on": timezone.localdate()}),
            "can_write": may_report(request.user, project.unit_id),
            "today": timezone.localdate(),
        },
        status=status,
    )


@readers
def project_detail(request, pk):
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    return _project_page(request, project)


@require_POST
@readers
def milestone_done(request, pk):
    milestone = get_object_or_404(
        Milestone.objects.visible_to(request.user).select_related("project__unit"), pk=pk
    )
    if not may_report(request.user, milestone.project.unit_id):
        deny("只有承办单位的工作人员可以确认节点")
    form = MilestoneDoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_done(
                milestone=milestone, by=request.user, on=form.cleaned_data["done_on"]
            )
        except ValidationError as exc:
            errors_into_form(form, exc)
        else:
            messages.success(request, "节点已确认完成。")
            return redirect("steering:project_detail", pk=milestone.project_id)
    return _project_page(request, milestone.project, form=form, status=400)
