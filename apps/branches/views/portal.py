"""The secretary portal: a branch secretary's own branches (staff see their scope's)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import BRANCH_WRITERS, deny, has_role
from apps.accounts.models import Role
from apps.accounts.personal_access import log_personal_access
from apps.core.forms import errors_into_form
from apps.core.params import month_param, year_param
from apps.core.uploads import serve_upload

from .. import selectors, services
from ..excel import xlsx_response
from ..forms import ActivityForm, DuesPayForm, EvidenceForm
from ..models import ActivityAttachment, BranchActivity, Membership, PartyBranch, Rectification


def _can_write(user) -> bool:
    return has_role(user, BRANCH_WRITERS)


def _branch(request, pk: int) -> PartyBranch:
    return get_object_or_404(PartyBranch.objects.visible_to(request.user), pk=pk)


def _members(branch: PartyBranch, activity: BranchActivity | None = None) -> list[Membership]:
    qs = Membership.objects.filter(branch=branch).select_related("cadre")
    if activity is None:
        qs = qs.active()
    else:
        # Editing keeps the members of that day, not of today.
        qs = qs.on(activity.held_on)
    return list(qs.order_by("cadre__name", "pk"))


def _posted(request) -> tuple:
    # An empty POST is still a submission (and must show "required" errors).
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _month_param(request, today: date) -> date:
    return month_param(request, default=today)


@login_required
def portal(request):
    today = timezone.localdate()
    branches = (
        PartyBranch.objects.visible_to(request.user)
        .select_related("unit")
        .annotate(n_members=Count("memberships", filter=Q(memberships__left_on__isnull=True)))
        .order_by("unit__path", "name", "pk")
    )
    branches = selectors.demo_filter(branches, request.GET.get("demo_level", ""))
    page = Paginator(branches, 30).get_page(request.GET.get("page"))
    quarter = {
        row.branch_id: row
        for row in selectors.compliance(
            PartyBranch.objects.filter(pk__in=[b.pk for b in page]),
            start=today,
            end=today,
            as_of=today,
        )
    }
    for branch in page:
        branch.quarter = quarter.get(branch.pk)
    rectifications = Rectification.objects.visible_to(request.user).filter(
        owner=request.user, status=Rectification.Status.OPEN
    )
    return render(
        request,
        "branches/portal.html",
        {"page_obj": page, "open_rectifications": rectifications.count(), "today": today},
    )


@login_required
def branch_detail(request, pk):
    branch = _branch(request, pk)
    today = timezone.localdate()
    members = _members(branch)
    year = selectors.branch_year_compliance(branch, today=today)
    activities = (
        BranchActivity.objects.filter(branch=branch)
        .annotate(
            n_present=Count("attendance", filter=Q(attendance__status="present")),
            n_all=Count("attendance"),
        )
        .order_by("-held_on", "-pk")
    )
    page = Paginator(activities, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "branches/branch_detail.html",
        {
            "branch": branch,
            "members": members,
            "year": year,
            "current": year[-1] if year else None,
            "page_obj": page,
            "birthdays": selectors.political_birthdays(branch, month=today).count(),
            "can_write": _can_write(request.user),
            "today": today,
        },
    )


def _save_activity(request, form, *, branch, activity=None):
    data = form.cleaned_data
    fields = {k: data[k] for k in ("kind", "held_on", "topic", "place", "content")}
    if activity is None:
        return services.activity_record(
            branch=branch,
            by=request.user,
            attendance=form.attendance(),
            submit_token=data["submit_token"],
            uploads=data["uploads"],
            **fields,
        )
    return services.activity_update(
        activity=activity,
        by=request.user,
        attendance=form.attendance(),
        uploads=data["uploads"],
        **fields,
    ), False


@login_required
def activity_create(request, pk):
    branch = _branch(request, pk)
    if not _can_write(request.user):
        deny()
    members = _members(branch)
    form = ActivityForm(
        *_posted(request),
        branch=branch,
        members=members,
        user=request.user,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity, created = _save_activity(request, form, branch=branch)
        except ValidationError as error:
            errors_into_form(form, error)
        else:
            if created:
                messages.success(request, "活动记录已保存。")
            else:
                messages.info(request, "这份记录已经提交过，没有重复保存。")
            return redirect("branches:activity_detail", pk=activity.pk)
    return render(
        request, "branches/activity_form.html", {"form": form, "branch": branch, "activity": None}
    )


def _activity(request, pk) -> BranchActivity:
    return get_object_or_404(
        BranchActivity.objects.visible_to(request.user).select_related("branch", "recorded_by"),
        pk=pk,
    )


@login_required
def activity_detail(request, pk):
    activity = _activity(request, pk)
    return render(
        request,
        "branches/activity_detail.html",
        {
            "activity": activity,
            "attendance": activity.attendance.select_related("cadre").order_by("cadre__name"),
            "attachments": activity.attachments.all(),
            "can_edit": services.activity_can_edit(activity=activity, user=request.user),
            "can_withdraw": services.activity_can_withdraw(activity=activity, user=request.user),
        },
    )


@login_required
def activity_edit(request, pk):
    activity = _activity(request, pk)
    if not services.activity_can_edit(activity=activity, user=request.user):
        messages.error(request, "只能修改本人在规定期限内录入的记录。")
        return redirect("branches:activity_detail", pk=pk)
    form = ActivityForm(
        *_posted(request),
        instance=activity,
        branch=activity.branch,
        members=_members(activity.branch, activity),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_activity(request, form, branch=activity.branch, activity=activity)
        except ValidationError as error:
            errors_into_form(form, error)
        else:
            messages.success(request, "活动记录已修改。")
            return redirect("branches:activity_detail", pk=pk)
    return render(
        request,
        "branches/activity_form.html",
        {"form": form, "branch": activity.branch, "activity": activity},
    )


@login_required
@require_POST
def activity_withdraw(request, pk):
    """Withdraw (撤回) with a reason; the record is kept, never deleted."""
    activity = _activity(request, pk)
    branch_pk = activity.branch_id
    try:
        services.activity_withdraw(
            activity=activity, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("branches:activity_detail", pk=pk)
    messages.success(request, "活动记录已撤回（记录保留，不再计入统计）。")
    return redirect("branches:branch_detail", pk=branch_pk)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(ActivityAttachment.objects.visible_to(request.user), pk=pk)
    return serve_upload(attachment.file, filename=attachment.original_name)


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = get_object_or_404(
        ActivityAttachment.objects.visible_to(request.user).select_related("activity"), pk=pk
    )
    try:
        services.attachment_delete(attachment=attachment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "附件已删除。")
    return redirect("branches:activity_detail", pk=attachment.activity_id)


@login_required
def rectification_list(request):
    qs = Rectification.objects.visible_to(request.user).select_related("branch", "owner")
    if request.user.role == Role.SECRETARY:
        qs = qs.filter(owner=request.user)
    page = Paginator(qs.order_by("status", "deadline", "pk"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "branches/rectification_list.html",
        {"page_obj": page, "today": timezone.localdate()},
    )


@login_required
def rectification_detail(request, pk):
    rect = get_object_or_404(
        Rectification.objects.visible_to(request.user).select_related("branch", "owner"), pk=pk
    )
    can_submit = rect.owner_id == request.user.pk and rect.status != Rectification.Status.DONE
    form = EvidenceForm(*_posted(request), user=request.user)
    if request.method == "POST":
        if not can_submit:
            deny()
        if form.is_valid():
            try:
                services.rectification_submit_evidence(
                    rectification=rect,
                    by=request.user,
                    evidence=form.cleaned_data["evidence"],
                    upload=form.cleaned_data.get("upload"),
                )
            except ValidationError as error:
                errors_into_form(form, error)
            else:
                messages.success(request, "整改情况已提交，等待验收。")
                return redirect("branches:rectification_detail", pk=pk)
    return render(
        request,
        "branches/rectification_detail.html",
        {"rect": rect, "form": form, "can_submit": can_submit},
    )


@login_required
def rectification_evidence(request, pk):
    rect = get_object_or_404(Rectification.objects.visible_to(request.user), pk=pk)
    if not rect.evidence_file:
        raise Http404("没有佐证材料")
    return serve_upload(rect.evidence_file, filename=rect.evidence_name or "evidence")


@login_required
def birthdays(request, pk):
    branch = _branch(request, pk)
    today = timezone.localdate()
    month = _month_param(request, today)
    rows = list(selectors.political_birthdays(branch, month=month))
    for m in rows:
        m.party_years = month.year - m.cadre.party_joined_on.year
    return render(
        request, "branches/birthdays.html", {"branch": branch, "month": month, "rows": rows}
    )


@login_required
def medal(request):
    today = timezone.localdate()
    year = year_param(request, default=today.year)
    qs = selectors.medal_eligible(request.user, year=year)
    newly_after = selectors.medal_cutoff(year - 1)
    if request.GET.get("format") == "xlsx":
        log_personal_access(request, action="export", what=f"光荣在党50年 {year}", cadres=qs)
        return xlsx_response(
            f"光荣在党50年-{year}",
            f"{year}年光荣在党50年",
            ["姓名", "性别", "管理单位", "入党时间", "党龄（年）", "当年新满50年"],
            (
                (
                    c.name,
                    c.get_gender_display(),
                    c.unit.name,
                    c.party_joined_on,
                    selectors.standing_years(c.party_joined_on, on=date(year, 7, 1)),
                    "是" if c.party_joined_on > newly_after else "",
                )
                for c in qs.iterator(chunk_size=2000)
            ),
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "branches/medal.html",
        {
            "page_obj": page,
            "year": year,
            "newly_after": newly_after,
            "cutoff": selectors.medal_cutoff(year),
        },
    )


@login_required
def dues(request, pk):
    branch = _branch(request, pk)
    if not _can_write(request.user):
        deny()  # amounts follow from pensions: not for aggregate-only roles
    today = timezone.localdate()
    month = _month_param(request, today)
    rows = selectors.dues_collection(branch, month=month)
    members = [r["membership"] for r in rows]
    form = DuesPayForm(_posted(request)[0], members=members, initial={"paid_on": today})
    if request.method == "POST":
        if not _can_write(request.user):
            deny()
        if form.is_valid():
            try:
                services.dues_pay(
                    branch=branch,
                    cadre_id=form.cleaned_data["cadre"],
                    months=form.cleaned_data["months"],
                    paid_on=form.cleaned_data["paid_on"],
                    by=request.user,
                )
            except ValidationError as error:
                errors_into_form(form, error)
            else:
                messages.success(request, "党费收缴已登记。")
                return redirect(f"{request.path}?month={month:%Y-%m}")
    unpaid = [r for r in rows if r["record"] is None or r["record"].paid_on is None]
    return render(
        request,
        "branches/dues.html",
        {"branch": branch, "month": month, "rows": rows, "unpaid": len(unpaid), "form": form},
    )
