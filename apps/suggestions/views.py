"""金点子: the cadre side submits and follows its suggestions; staff triage, assign to a
department with a deadline, record the reply and whether it was adopted; a report counts
them per unit and year."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import STAFF_AND_LEADERSHIP, UNIT_STAFF, role_required
from apps.cadres.acting import cadre_side_required, cadres_for, on_behalf
from apps.core.forms import errors_into_form

from . import selectors, services
from .forms import AnswerForm, AssignForm, DeclineForm, FilterForm, SubmitForm
from .models import Suggestion

staff_required = role_required(UNIT_STAFF)


# --- staff --------------------------------------------------------------------------------------
@staff_required
def suggestion_list(request):
    form = FilterForm(request.GET or None)
    qs = Suggestion.objects.visible_to(request.user).select_related("cadre__unit", "submitted_by")
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["year"]:
            qs = qs.filter(submitted_at__year=data["year"])
        if data["overdue"]:
            qs = qs.overdue(on=timezone.localdate())
        unit = request.GET.get("unit", "")
        if unit.isdigit():
            qs = qs.filter(cadre__unit_id=int(unit))
        if request.GET.get("adopted") == "1":
            qs = qs.filter(adopted=True)
    page = Paginator(qs.order_by("-submitted_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "suggestions/list.html",
        {"page_obj": page, "form": form, "today": timezone.localdate()},
    )


def _staff_suggestion(request, pk) -> Suggestion:
    return get_object_or_404(
        Suggestion.objects.visible_to(request.user).select_related(
            "cadre__unit", "submitted_by", "triaged_by", "replied_by"
        ),
        pk=pk,
    )


def _detail(request, suggestion, **forms):
    context = {
        "s": suggestion,
        "assign_form": AssignForm(
            initial={"department": suggestion.department, "deadline": suggestion.deadline}
        ),
        "decline_form": DeclineForm(),
        "answer_form": AnswerForm(),
        "history": suggestion.history.select_related("history_user").order_by("-history_date"),
        **forms,
    }
    status = 400 if forms else 200
    return render(request, "suggestions/detail.html", context, status=status)


@staff_required
def suggestion_detail(request, pk):
    return _detail(request, _staff_suggestion(request, pk))


def _act(request, pk, form_class, name, action, done):
    suggestion = _staff_suggestion(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(suggestion, form.cleaned_data)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                # The state forbids it (already closed, not yet triaged): nothing to correct.
                messages.error(request, exc.messages[0])
                return redirect("suggestions:detail", pk=pk)
            errors_into_form(form, exc)
        else:
            messages.success(request, done)
            return redirect("suggestions:detail", pk=pk)
    # `form` too: the page's error summary at the top lists what to correct.
    return _detail(request, suggestion, **{name: form, "form": form})


@require_POST
@staff_required
def suggestion_assign(request, pk):
    return _act(
        request,
        pk,
        AssignForm,
        "assign_form",
        lambda s, d: services.suggestion_assign(suggestion=s, by=request.user, **d),
        "已交承办部门办理。",
    )


@require_POST
@staff_required
def suggestion_decline(request, pk):
    return _act(
        request,
        pk,
        DeclineForm,
        "decline_form",
        lambda s, d: services.suggestion_decline(suggestion=s, reason=d["reply"], by=request.user),
        "已答复不予受理。",
    )


@require_POST
@staff_required
def suggestion_answer(request, pk):
    return _act(
        request,
        pk,
        AnswerForm,
        "answer_form",
        lambda s, d: services.suggestion_answer(suggestion=s, by=request.user, **d),
        "答复已登记，老干部端可以看到。",
    )


@role_required(STAFF_AND_LEADERSHIP)
def suggestion_report(request):
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year
    rows = selectors.suggestion_report(user=request.user, year=year, on=today)
    totals = {
        key: sum(r[key] for r in rows)
        for key in [
            "submitted",
            "pending",
            "assigned",
            "overdue",
            "answered",
            "declined",
            "adopted",
        ]
    }
    return render(
        request,
        "suggestions/report.html",
        {
            "rows": rows,
            "totals": totals,
            "year": year,
            "years": range(today.year, today.year - 5, -1),
            "drill": request.user.role in UNIT_STAFF or request.user.is_superuser,
        },
    )


# --- the cadre side -----------------------------------------------------------------------------
def _side(request, **extra) -> dict:
    proxies = cadres_for(request.user) if on_behalf(request) else []
    return {"cadre": request.acting_cadre, "proxy_cadres": proxies, "big_text": True, **extra}


def _own(request):
    return Suggestion.objects.visible_to(request.user).filter(cadre=request.acting_cadre)


@cadre_side_required
def mine(request):
    page = Paginator(_own(request).order_by("-submitted_at", "-pk"), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "suggestions/mine.html", _side(request, page_obj=page))


@cadre_side_required
def submit(request):
    form = SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = services.suggestion_submit(
                cadre=request.acting_cadre,
                by=request.user,
                on_behalf=on_behalf(request),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            errors_into_form(form, exc)
        else:
            messages.success(request, "您的金点子已提交，工作人员会尽快办理并答复。")
            return redirect("suggestions:mine_detail", pk=suggestion.pk)
    status = 400 if form.errors else 200
    return render(request, "suggestions/submit.html", _side(request, form=form), status=status)


@cadre_side_required
def mine_detail(request, pk):
    suggestion = get_object_or_404(_own(request).select_related("submitted_by"), pk=pk)
    return render(request, "suggestions/mine_detail.html", _side(request, s=suggestion))
