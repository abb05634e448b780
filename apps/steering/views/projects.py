"""办实事 / 重点课题 pages: projects and their milestones."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import deny
from apps.core.forms import errors_into_form
from apps.core.params import year_param

from .. import services
from ..forms import MilestoneDoneForm
from ..models import Milestone, Project
from .common import may_report, readers


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
