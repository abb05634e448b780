"""荣誉退休 pages: staff of the cadre's scope record each step; leadership read (403 on writes)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import STAFF_AND_LEADERSHIP, UNIT_STAFF, deny, has_role, role_required
from apps.accounts.models import OrgUnit
from apps.core.forms import errors_into_form
from apps.core.params import year_param

from . import selectors, services
from .forms import StepForm
from .models import GROUPS, Checklist, ChecklistStep

readers = role_required(STAFF_AND_LEADERSHIP)


@readers
def checklist_list(request):
    today = timezone.localdate()
    year = year_param(request, default=today.year)
    raw_unit = request.GET.get("unit", "")
    unit_id = int(raw_unit) if raw_unit.isdigit() else None
    state = request.GET.get("state", "")
    qs = selectors.checklists(request.user, year=year, unit_id=unit_id, state=state)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    units = OrgUnit.objects.visible_to(request.user).filter(cadres__onboarding__isnull=False)
    return render(
        request,
        "onboarding/list.html",
        {
            "page_obj": page,
            "year": year,
            "unit_id": unit_id,
            "state": state,
            "states": selectors.STATES,
            "units": units.distinct().order_by("path"),
        },
    )


def _page(request, checklist, *, form=None, failed_step=None, status=200):
    steps = {s.step: s for s in checklist.steps.select_related("done_by")}
    groups = [(title, [steps[k] for k in kinds if k in steps]) for title, kinds in GROUPS]
    return render(
        request,
        "onboarding/detail.html",
        {
            "checklist": checklist,
            "groups": groups,
            "form": form or StepForm(initial={"done_on": timezone.localdate()}),
            "failed_step": failed_step,
            "can_write": has_role(request.user, UNIT_STAFF),
        },
        status=status,
    )


@readers
def checklist_detail(request, pk):
    checklist = get_object_or_404(
        Checklist.objects.visible_to(request.user).select_related("cadre__unit"), pk=pk
    )
    return _page(request, checklist)


@require_POST
@readers
def step_done(request, pk):
    step = get_object_or_404(
        ChecklistStep.objects.visible_to(request.user).select_related("checklist__cadre__unit"),
        pk=pk,
    )
    if not has_role(request.user, UNIT_STAFF):
        deny("只有工作人员可以登记荣誉退休事项")
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.step_record(
                step=step,
                by=request.user,
                done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            errors_into_form(form, exc)
        else:
            messages.success(request, f"已登记：{step.get_step_display()}。")
            return redirect("onboarding:detail", pk=step.checklist_id)
    return _page(request, step.checklist, form=form, failed_step=step.pk, status=400)
