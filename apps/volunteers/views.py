"""Portal pages of the volunteers app: thin views over visible_to, services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import UNIT_STAFF, deny, has_role, role_required
from apps.accounts.masking import sees_sensitive, shown
from apps.core.forms import errors_into_form
from apps.core.uploads import serve_upload
from apps.core.xlsx import xlsx_response

from . import exports, selectors, services
from .forms import (
    ActivityForm,
    PeriodForm,
    RedeemForm,
    RejectForm,
    TeamChoiceForm,
    VolunteerRegisterForm,
)
from .models import (
    ActivityPhoto,
    KeyProject,
    ServiceRecord,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)

PAGE_SIZE = 30


staff_only = role_required(UNIT_STAFF)  # the one role gate (apps.accounts.access)


@login_required
def home(request):
    teams = (
        VolunteerTeam.objects.visible_to(request.user)
        .active()
        .select_related("unit")
        .annotate(members=Count("volunteers", distinct=True))
        .order_by("name")[:20]
    )
    recent = (
        VolunteerActivity.objects.visible_to(request.user)
        .select_related("team", "field")
        .annotate(pending=Count("records", filter=Q(records__status=ServiceRecord.Status.PENDING)))
        .order_by("-date", "-pk")[:10]
    )
    context = {
        "teams": teams,
        "recent": recent,
        "pending": selectors.pending_counts(user=request.user),
        "can_record": has_role(request.user, services.activities.RECORDER_ROLES),
    }
    return render(request, "volunteers/home.html", context)


@login_required
def team_list(request):
    teams = (
        VolunteerTeam.objects.visible_to(request.user)
        .select_related("unit", "parent", "leader")
        .prefetch_related("service_fields")
        .annotate(members=Count("volunteers", distinct=True))
        .order_by("unit__path", "level", "name")
    )
    page = Paginator(teams, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "volunteers/team_list.html", {"page_obj": page})


@login_required
def team_detail(request, pk):
    team = get_object_or_404(
        VolunteerTeam.objects.visible_to(request.user).select_related(
            "unit", "parent", "leader", "studio"
        ),
        pk=pk,
    )
    members = (
        Volunteer.objects.visible_to(request.user)
        .filter(teams=team)
        .select_related("cadre")
        .order_by("cadre__name")
    )
    activities = team.activities.select_related("field").order_by("-date", "-pk")[:20]
    context = {
        "team": team,
        "members": members,
        "activities": activities,
        "summary": selectors.team_summary(team=team),
        "children": team.children.visible_to(request.user).order_by("name"),
    }
    return render(request, "volunteers/team_detail.html", context)


@login_required
def activity_list(request):
    qs = VolunteerActivity.objects.visible_to(request.user).select_related("team", "field")
    if request.GET.get("pending"):
        # A subquery, not a join: the counts below must see every record, not just pending ones.
        pending = ServiceRecord.objects.filter(status=ServiceRecord.Status.PENDING)
        qs = qs.filter(pk__in=pending.values("activity_id"))
    qs = qs.annotate(
        people=Count("records"),
        pending=Count("records", filter=Q(records__status=ServiceRecord.Status.PENDING)),
    ).order_by("-date", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "volunteers/activity_list.html", {"page_obj": page})


@login_required
def activity_new(request):
    if not has_role(request.user, services.activities.RECORDER_ROLES):
        deny()
    team_id = request.GET.get("team") or request.POST.get("team")
    visible = VolunteerTeam.objects.visible_to(request.user).active()
    if not team_id:
        only = list(visible.values_list("pk", flat=True)[:2])
        if len(only) == 1:
            team_id = only[0]
        else:
            chooser = TeamChoiceForm(user=request.user)
            return render(request, "volunteers/activity_choose_team.html", {"form": chooser})
    team = get_object_or_404(visible, pk=team_id)
    if not services.can_record_for_team(request.user, team):
        deny()
    if request.method == "POST":
        form = ActivityForm(request.POST, request.FILES, team=team, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                activity = services.activity_record(
                    team=team,
                    title=data["title"],
                    date=data["date"],
                    place=data["place"],
                    field=data["field"],
                    beneficiaries=data["beneficiaries"],
                    description=data["description"],
                    project=data.get("project"),
                    participants=data["participants"],
                    photos=(data.get("photos") or []) + form.restored_uploads(),
                    by=request.user,
                )
            except ValidationError as exc:
                errors_into_form(form, exc)
            else:
                messages.success(request, "活动已登记，服务时长待队长确认。")
                return redirect("volunteers:activity_detail", pk=activity.pk)
    else:
        form = ActivityForm(team=team, user=request.user)
    return render(request, "volunteers/activity_form.html", {"form": form, "team": team})


def _activity_for(user, pk):
    return get_object_or_404(
        VolunteerActivity.objects.visible_to(user).select_related(
            "team", "field", "project", "recorded_by"
        ),
        pk=pk,
    )


@login_required
def activity_detail(request, pk):
    activity = _activity_for(request.user, pk)
    records = (
        ServiceRecord.objects.visible_to(request.user)
        .filter(activity=activity)
        .select_related("volunteer__cadre", "verified_by")
        .order_by("volunteer__cadre__name")
    )
    context = {
        "activity": activity,
        "records": records,
        "photos": activity.photos.all(),
        "can_verify": services.can_verify(request.user, activity),
        "reject_form": RejectForm(),
    }
    return render(request, "volunteers/activity_detail.html", context)


@require_POST
@login_required
def activity_confirm(request, pk):
    activity = _activity_for(request.user, pk)
    ids = request.POST.getlist("record")
    record_ids = [int(i) for i in ids if i.isdigit()] if ids else None
    count = services.records_confirm(activity=activity, by=request.user, record_ids=record_ids)
    messages.success(request, f"已确认 {count} 条服务时长，并计入时间银行。")
    return redirect("volunteers:activity_detail", pk=activity.pk)


@require_POST
@login_required
def record_reject(request, pk):
    record = get_object_or_404(
        ServiceRecord.objects.visible_to(request.user).select_related("activity__team"), pk=pk
    )
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "退回须填写原因。")
    else:
        try:
            services.record_reject(
                record=record, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已退回“{record.volunteer}”的服务时长。")
    return redirect("volunteers:activity_detail", pk=record.activity_id)


@login_required
def photo(request, pk):
    item = get_object_or_404(ActivityPhoto.objects.visible_to(request.user), pk=pk)
    return serve_upload(item.image)


@login_required
def volunteer_list(request):
    qs = Volunteer.objects.visible_to(request.user).select_related("cadre__unit")
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(
            Q(cadre__name__contains=query) | Q(cadre__name_initials__startswith=query.upper())
        )
    if request.GET.get("status") in Volunteer.Status.values:
        qs = qs.filter(status=request.GET["status"])
    page = Paginator(qs.order_by("cadre__name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "volunteers/volunteer_list.html", {"page_obj": page, "q": query})


def _volunteer_for(user, pk):
    return get_object_or_404(
        Volunteer.objects.visible_to(user).select_related("cadre__unit"), pk=pk
    )


@login_required
def volunteer_detail(request, pk):
    volunteer = _volunteer_for(request.user, pk)
    context = {
        "volunteer": volunteer,
        "phone": shown(request.user, volunteer.cadre.phone, "phone"),
        "teams": volunteer.teams.visible_to(request.user),
        "totals": selectors.volunteer_hours(volunteer=volunteer),
        # The ledger says which services a cadre received: staff only; others see the balance.
        "statement": (
            selectors.volunteer_statement(volunteer=volunteer)
            if sees_sensitive(request.user)
            else None
        ),
        "records": volunteer.records.select_related("activity__team").order_by("-activity__date")[
            :20
        ],
        "can_redeem": request.user.is_superuser or request.user.is_staff_role,
    }
    return render(request, "volunteers/volunteer_detail.html", context)


@login_required
@staff_only
def volunteer_register(request):
    form = VolunteerRegisterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            volunteer = services.volunteer_register(
                cadre=data["cadre"],
                registered_on=data["registered_on"],
                skills=data["skills"],
                teams=data["teams"],
                by=request.user,
            )
        except ValidationError as exc:
            errors_into_form(form, exc)
        else:
            messages.success(request, f"已注册志愿者：{volunteer}")
            return redirect("volunteers:volunteer_detail", pk=volunteer.pk)
    return render(request, "volunteers/volunteer_register.html", {"form": form})


@login_required
@staff_only
def volunteer_redeem(request, pk):
    volunteer = _volunteer_for(request.user, pk)
    form = RedeemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.timebank_redeem(
                volunteer=volunteer,
                hours=data["hours"],
                description=data["description"],
                on=data["on"],
                by=request.user,
            )
        except ValidationError as exc:
            errors_into_form(form, exc)
        else:
            messages.success(request, f"已登记兑换 {data['hours']} 小时。")
            return redirect("volunteers:volunteer_detail", pk=volunteer.pk)
    return render(
        request, "volunteers/volunteer_redeem.html", {"form": form, "volunteer": volunteer}
    )


@login_required
def volunteer_certificate(request, pk):
    volunteer = _volunteer_for(request.user, pk)
    period = PeriodForm(request.GET) if request.GET.get("start") else None
    start = end = None
    if period is not None and period.is_valid():
        start, end = period.cleaned_data["start"], period.cleaned_data["end"]
    context = {
        "volunteer": volunteer,
        "teams": volunteer.teams.all(),
        "totals": selectors.volunteer_hours(volunteer=volunteer, start=start, end=end),
        "start": start,
        "end": end,
        "issued_on": timezone.localdate(),
        "issuer": request.user.unit.name if request.user.unit_id else "",
    }
    return render(request, "volunteers/certificate.html", context)


def _period(request):
    form = PeriodForm.from_request(request)
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    today = timezone.localdate()
    return form, today.replace(month=1, day=1), today


@login_required
def report(request):
    form, start, end = _period(request)
    context = {
        "form": form,
        "teams": selectors.team_report(user=request.user, start=start, end=end),
        "fields": selectors.field_report(user=request.user, start=start, end=end),
        "top": selectors.top_volunteers(user=request.user, start=start, end=end),
        "start": start,
        "end": end,
    }
    return render(request, "volunteers/report.html", context)


@login_required
def report_export(request):
    _, start, end = _period(request)
    content = exports.report_workbook(user=request.user, start=start, end=end)
    return xlsx_response(content, f"volunteer-report-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")


@login_required
def project_list(request):
    projects = (
        KeyProject.objects.visible_to(request.user)
        .select_related("unit", "field")
        .annotate(team_count=Count("teams", distinct=True))
        .order_by("-started_on", "title")
    )
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "volunteers/project_list.html", {"page_obj": page})


@login_required
def project_detail(request, pk):
    project = get_object_or_404(
        KeyProject.objects.visible_to(request.user).select_related("unit", "field"), pk=pk
    )
    context = {
        "project": project,
        "teams": project.teams.visible_to(request.user),
        "milestones": project.milestones.all(),
        "activities": project.activities.visible_to(request.user).select_related("team")[:20],
    }
    return render(request, "volunteers/project_detail.html", context)
