import uuid
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.masking import sees_sensitive
from apps.accounts.models import OrgUnit
from apps.accounts.personal_access import log_personal_access

from . import selectors, services
from . import tasks as import_tasks
from .exports import cadres_workbook, template_workbook, xlsx_response
from .filters import CadreFilter, libraries_for
from .forms import CadreForm, FamilyContactForm, HospitalizationForm, ImportForm, LifeEventForm
from .models import Cadre

IMPORT_SESSION_KEY = "cadre_import"


def _filtered(request):
    base = Cadre.objects.visible_to(request.user).select_related("unit")
    filterset = CadreFilter(request.GET or None, queryset=base, user=request.user)
    if filterset.refused:
        messages.warning(request, filterset.refused_message)
    return filterset


@login_required
def cadre_list(request):
    filterset = _filtered(request)
    queryset = filterset.qs if filterset.is_bound else filterset.queryset
    paginator = Paginator(queryset.order_by("unit__path", "name", "pk"), 50)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cadres/cadre_list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "libraries": libraries_for(request.user),
            "current_library": request.GET.get("library", ""),
            "querystring": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@login_required
def cadre_export(request):
    filterset = _filtered(request)
    queryset = filterset.qs if filterset.is_bound else filterset.queryset
    workbook = cadres_workbook(queryset.order_by("unit__path", "name"), user=request.user)
    log_personal_access(request, action="export", what="干部花名册", cadres=queryset)
    return xlsx_response(workbook, f"离退休干部花名册-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def cadre_detail(request, pk):
    cadre = get_object_or_404(
        Cadre.objects.visible_to(request.user)
        .select_related("unit")
        .prefetch_related("family_contacts", "hospitalizations", "life_events"),
        pk=pk,
    )
    log_personal_access(request, action="view_detail", what="干部详情", cadres=cadre.pk)
    sensitive = sees_sensitive(request.user)
    return render(
        request,
        "cadres/cadre_detail.html",
        {
            "cadre": cadre,
            "age": cadre.age_on(timezone.localdate()),
            "sections": selectors.cadre_sections(cadre=cadre, user=request.user),
            "sensitive": sensitive,
            "history": cadre.history.select_related("history_user")[:10] if sensitive else [],
        },
    )


@login_required
@permission_required("cadres.add_cadre", raise_exception=True)
def cadre_create(request):
    form = CadreForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        cadre = services.cadre_save(cadre=form.save(commit=False), by=request.user)
        messages.success(request, f"已登记：{cadre.name}")
        return redirect(cadre)
    return render(request, "cadres/cadre_form.html", {"form": form, "title": "登记离退休干部"})


@login_required
@permission_required("cadres.change_cadre", raise_exception=True)
def cadre_edit(request, pk):
    cadre = get_object_or_404(Cadre.objects.visible_to(request.user), pk=pk)
    form = CadreForm(request.POST or None, instance=cadre, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.cadre_save(cadre=form.save(commit=False), by=request.user)
        messages.success(request, "已保存。")
        return redirect(cadre)
    return render(
        request,
        "cadres/cadre_form.html",
        {"form": form, "title": f"修改：{cadre.name}", "cadre": cadre},
    )


def _child_form_view(request, pk, form_class, save, title):
    cadre = get_object_or_404(Cadre.objects.visible_to(request.user), pk=pk)
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST":
        form.instance.cadre = cadre
        if form.is_valid():
            save(form.save(commit=False))
            messages.success(request, f"{title}已保存。")
            return redirect(cadre)
    return render(
        request,
        "cadres/cadre_form.html",
        {"form": form, "title": f"{cadre.name}：{title}", "cadre": cadre},
    )


@login_required
@permission_required("cadres.change_cadre", raise_exception=True)
def hospitalization_add(request, pk):
    return _child_form_view(
        request,
        pk,
        HospitalizationForm,
        lambda record: services.hospitalization_save(record=record, by=request.user),
        "住院记录",
    )


@login_required
@permission_required("cadres.change_cadre", raise_exception=True)
def life_event_add(request, pk):
    return _child_form_view(
        request,
        pk,
        LifeEventForm,
        lambda event: services.life_event_save(event=event, by=request.user),
        "重大事项",
    )


@login_required
@permission_required("cadres.change_cadre", raise_exception=True)
def family_contact_add(request, pk):
    return _child_form_view(
        request,
        pk,
        FamilyContactForm,
        lambda contact: services.family_contact_save(contact=contact, by=request.user),
        "家属联系人",
    )


def _import_discard(request) -> None:
    """Remove the pending upload and forget it: nothing of a failed or finished import stays
    in storage (a roster is every cadre's ID number and address)."""
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if pending and pending.get("file"):
        default_storage.delete(pending["file"])


@login_required
@permission_required("cadres.add_cadre", raise_exception=True)
def import_upload(request):
    """Store the upload and preview it in the Celery worker (apps/cadres/tasks.py): the page
    shows a progress bar until the preview is ready (at once when tasks run eagerly)."""
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        _import_discard(request)  # a new upload replaces any earlier pending one
        upload = form.cleaned_data["file"]
        unit = form.cleaned_data["unit"]
        name = default_storage.save(f"imports/{uuid.uuid4().hex}.xlsx", ContentFile(upload.read()))
        job_id = import_tasks.start(
            import_tasks.PREVIEW,
            user=request.user,
            file_name=name,
            unit_id=unit.pk if unit else None,
        )
        return _import_job_page(request, job_id)
    return render(request, "cadres/import_upload.html", {"form": form})


@login_required
@permission_required("cadres.add_cadre", raise_exception=True)
@require_POST
def import_confirm(request):
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or not default_storage.exists(pending["file"]):
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.error(request, "导入已过期或已完成，请重新上传文件。")
        return redirect("cadres:import")
    if pending["unit"]:
        get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pending["unit"])
    # The job owns the file from here and deletes it when done.
    request.session.pop(IMPORT_SESSION_KEY, None)
    job_id = import_tasks.start(
        import_tasks.APPLY, user=request.user, file_name=pending["file"], unit_id=pending["unit"]
    )
    return _import_job_page(request, job_id)


@login_required
@permission_required("cadres.add_cadre", raise_exception=True)
def import_job(request, job_id: str):
    return _import_job_page(request, job_id)


@login_required
@permission_required("cadres.add_cadre", raise_exception=True)
def import_progress(request, job_id: str):
    """The progress bar's poll: JSON, only for the uploader (anyone else: 404)."""
    job = import_tasks.state(job_id, user=request.user)
    if job is None:
        raise Http404
    percent = 100 if job["state"] in ("done", "failed") else 0
    if job["total"] and percent < 100:
        percent = min(99, int(100 * job["done"] / job["total"]))
    return JsonResponse(
        {"state": job["state"], "done": job["done"], "total": job["total"], "percent": percent}
    )


def _import_job_page(request, job_id: str):
    job = import_tasks.state(job_id, user=request.user)
    if job is None:
        raise Http404
    if job["state"] not in ("done", "failed"):
        return render(
            request,
            "cadres/import_progress.html",
            {"job_id": job_id, "job": job, "applying": job["kind"] == import_tasks.APPLY},
        )
    result = job["result"]
    if job["kind"] == import_tasks.APPLY and result.get("applied"):
        if not job.get("logged"):
            log_personal_access(request, action="import", what="花名册导入", cadres=result["saved"])
            import_tasks.mark_logged(job_id, job)
        messages.success(request, f"导入完成：{result['summary']}")
        return redirect("cadres:list")
    if job["kind"] == import_tasks.PREVIEW and result.get("ok"):
        request.session[IMPORT_SESSION_KEY] = {"file": job["file"], "unit": job["unit"]}
    for row in result.get("rows", []):
        for name in ("birth_date", "retirement_date"):
            if isinstance(row.get(name), str):
                row[name] = date.fromisoformat(row[name])
    return render(
        request,
        "cadres/import_preview.html",
        {"result": result, "preview_rows": result.get("rows", [])},
    )


@login_required
@permission_required("cadres.add_cadre", raise_exception=True)
@require_POST
def import_cancel(request):
    _import_discard(request)
    messages.info(request, "已取消导入，上传的文件已删除。")
    return redirect("cadres:import")


@login_required
def import_template(request):
    return xlsx_response(template_workbook(), "离退休干部花名册导入模板.xlsx")
