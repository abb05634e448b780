"""Subsidy pages: entitlements, bank accounts, monthly batches, the finance export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import UNIT_STAFF, is_city_bureau, role_required
from apps.accounts.masking import shown
from apps.accounts.personal_access import log_personal_access
from apps.core.forms import errors_into_form
from apps.core.xlsx import xlsx_response

from . import exports, selectors, services
from .forms import (
    AmountChangeForm,
    BankAccountForm,
    BatchCreateForm,
    EntitlementEndForm,
    EntitlementFilterForm,
    EntitlementForm,
    PaymentFailForm,
    PaymentFilterForm,
)
from .models import CadreBankAccount, Entitlement, Payment, PaymentBatch, month_start

BATCH_DENIED = "补贴发放批次由市局机关工作人员办理"


def can_manage_batches(user) -> bool:
    """A batch pays the whole city: only the city bureau's staff move it between states."""
    return is_city_bureau(user)


# -- entitlements ----------------------------------------------------------------------------


@role_required(UNIT_STAFF)
def entitlement_list(request):
    form = EntitlementFilterForm(request.GET or None)
    qs = selectors.entitlements(user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(cadre__name__icontains=data["q"])
        if data["subsidy_type"]:
            qs = qs.filter(subsidy_type=data["subsidy_type"])
        if data["cadre"]:
            qs = qs.filter(cadre_id=data["cadre"])
        if data["current"]:
            qs = qs.covering(month_start(timezone.localdate()))
    page = Paginator(qs.order_by("cadre__unit_id", "cadre__name", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "subsidies/entitlement_list.html",
        {"form": form, "page_obj": page},
    )


@role_required(UNIT_STAFF)
def entitlement_create(request):
    initial = {"cadre": request.GET.get("cadre"), "approved_on": timezone.localdate()}
    form = EntitlementForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entitlement = services.entitlement_create(
                cadre=data["cadre"],
                subsidy_type=data["subsidy_type"],
                monthly_amount=data["monthly_amount"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                approved_by=request.user,
                approval_number=data["approval_number"],
                approved_on=data["approved_on"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            errors_into_form(form, exc)
        else:
            messages.success(request, "享受资格已登记。")
            return redirect("subsidies:entitlement_detail", pk=entitlement.pk)
    return render(request, "subsidies/entitlement_form.html", {"form": form})


def _entitlement(request, pk) -> Entitlement:
    return get_object_or_404(
        Entitlement.objects.visible_to(request.user).select_related(
            "cadre", "cadre__unit", "subsidy_type", "approved_by"
        ),
        pk=pk,
    )


@role_required(UNIT_STAFF)
def entitlement_detail(request, pk):
    entitlement = _entitlement(request, pk)
    account = CadreBankAccount.objects.filter(cadre=entitlement.cadre).first()
    account_form = BankAccountForm(
        initial={"bank_name": account.bank_name, "account_name": account.account_name}
        if account
        else {"account_name": entitlement.cadre.name}
    )
    return render(
        request,
        "subsidies/entitlement_detail.html",
        {
            "entitlement": entitlement,
            "amounts": entitlement.amounts.select_related("changed_by"),
            "payments": entitlement.payments.select_related("batch").order_by("-month")[:24],
            "account": account,
            "account_shown": shown(request.user, account.account_number, "account")
            if account
            else "",
            "amount_form": AmountChangeForm(),
            "end_form": EntitlementEndForm(),
            "account_form": account_form,
        },
    )


def _post_form(request, pk, form_class, action, success: str):
    entitlement = _entitlement(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(entitlement, form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, success)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("subsidies:entitlement_detail", pk=entitlement.pk)


@require_POST
@role_required(UNIT_STAFF)
def entitlement_change_amount(request, pk):
    def act(entitlement, data):
        services.entitlement_change_amount(entitlement=entitlement, by=request.user, **data)

    return _post_form(request, pk, AmountChangeForm, act, "金额调整已登记。")


@require_POST
@role_required(UNIT_STAFF)
def entitlement_end(request, pk):
    def act(entitlement, data):
        services.entitlement_end(entitlement=entitlement, ends_on=data["ends_on"], by=request.user)

    return _post_form(request, pk, EntitlementEndForm, act, "已设置终止月份。")


@require_POST
@role_required(UNIT_STAFF)
def bank_account_set(request, pk):
    def act(entitlement, data):
        services.bank_account_set(cadre=entitlement.cadre, by=request.user, **data)

    return _post_form(request, pk, BankAccountForm, act, "发放账户已更新（变更已留痕）。")


# -- batches ---------------------------------------------------------------------------------


@role_required(UNIT_STAFF)
def batch_list(request):
    page = Paginator(PaymentBatch.objects.visible_to(request.user).order_by("-month"), 24)
    return render(
        request,
        "subsidies/batch_list.html",
        {
            "page_obj": page.get_page(request.GET.get("page")),
            "form": BatchCreateForm(),
            "can_manage": can_manage_batches(request.user),
        },
    )


@require_POST
@role_required(is_city_bureau, message=BATCH_DENIED)
def batch_create(request):
    form = BatchCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择发放月份。")
        return redirect("subsidies:batch_list")
    try:
        batch = services.batch_create(month=form.cleaned_data["month"])
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("subsidies:batch_list")
    messages.success(request, f"{batch}已生成，共{batch.payments.count()}笔。")
    return redirect("subsidies:batch_detail", pk=batch.pk)


def _batch(request, pk) -> PaymentBatch:
    return get_object_or_404(
        PaymentBatch.objects.visible_to(request.user).select_related(
            "submitted_by", "approved_by", "paid_by"
        ),
        pk=pk,
    )


@role_required(UNIT_STAFF)
def batch_detail(request, pk):
    batch = _batch(request, pk)
    form = PaymentFilterForm(request.GET or None)
    rows = selectors.batch_payments(batch=batch, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            rows = rows.filter(cadre__name__icontains=data["q"])
        if data["subsidy_type"]:
            rows = rows.filter(subsidy_type=data["subsidy_type"])
        if data["status"]:
            rows = rows.filter(status=data["status"])
    page = Paginator(rows.order_by("unit__path", "cadre__name", "pk"), 50).get_page(
        request.GET.get("page")
    )
    for payment in page:
        payment.account_shown = shown(request.user, payment.account_number, "account")
    return render(
        request,
        "subsidies/batch_detail.html",
        {
            "batch": batch,
            "totals": selectors.batch_totals(batch=batch, user=request.user),
            "diff": selectors.batch_differences(batch=batch, user=request.user),
            "account_changes": selectors.bank_account_changes(batch=batch, user=request.user),
            "form": form,
            "page_obj": page,
            "can_manage": can_manage_batches(request.user),
        },
    )


BATCH_ACTIONS = {
    "recheck": (lambda batch, user: services.batch_recheck(batch=batch), "名单已重新核对。"),
    "submit": (lambda batch, user: services.batch_submit(batch=batch, by=user), "已提交审批。"),
    "return": (lambda batch, user: services.batch_return(batch=batch, by=user), "已退回修改。"),
    "approve": (lambda batch, user: services.batch_approve(batch=batch, by=user), "已审批。"),
    "paid": (lambda batch, user: services.batch_mark_paid(batch=batch, by=user), "已确认发放。"),
}


@require_POST
@role_required(is_city_bureau, message=BATCH_DENIED)
def batch_action(request, pk, action):
    if action not in BATCH_ACTIONS:
        raise Http404
    batch = _batch(request, pk)
    run, success = BATCH_ACTIONS[action]
    try:
        run(batch, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, success)
    return redirect("subsidies:batch_detail", pk=batch.pk)


@require_POST
@role_required(is_city_bureau, message=BATCH_DENIED)
def payment_fail(request, pk):
    payment = get_object_or_404(
        Payment.objects.visible_to(request.user).select_related("batch"), pk=pk
    )
    form = PaymentFailForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写失败原因。")
    else:
        try:
            services.payment_mark_failed(
                payment=payment, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "已登记退票，将在下一批次补发。")
    return redirect("subsidies:batch_detail", pk=payment.batch_id)


@role_required(UNIT_STAFF)
def batch_export(request, pk):
    batch = _batch(request, pk)
    content = exports.batch_workbook(batch=batch, user=request.user)
    what = f"补贴发放批次 {batch.month:%Y-%m}"
    log_personal_access(
        request,
        action="export",
        what=what,
        cadres=Payment.objects.visible_to(request.user).filter(batch=batch),
    )
    return xlsx_response(content, f"subsidy-{batch.month:%Y-%m}.xlsx")
