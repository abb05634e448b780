"""Notices: staff write and send them and read the receipts and replies; the cadre side (a
cadre or the family member acting for them) reads them — opening one is the read receipt —
and answers the yes/no question when there is one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import UNIT_STAFF, role_required
from apps.cadres.acting import cadre_side_required, cadres_for, on_behalf
from apps.core.forms import errors_into_form

from . import selectors, services
from .forms import NoticeForm
from .models import Notice, NoticeRecipient

staff_required = role_required(UNIT_STAFF)
STATES = {
    "unread": {"read_at": None},
    "read": {"read_at__isnull": False},
    "yes": {"reply": NoticeRecipient.Reply.YES},
    "no": {"reply": NoticeRecipient.Reply.NO},
    "noreply": {"reply": ""},
}


# --- staff --------------------------------------------------------------------------------------
@staff_required
def notice_list(request):
    qs = selectors.notices_with_counts(user=request.user)
    page = Paginator(qs.order_by("-created_at", "-pk"), 30).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page_obj": page})


@staff_required
def notice_create(request):
    form = NoticeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        notice = form.save(commit=False)
        notice.unit = request.user.unit
        try:
            notice = services.notice_save(notice=notice, by=request.user)
        except ValidationError as exc:
            errors_into_form(form, exc)
        else:
            messages.success(request, "草稿已保存，请核对发送范围后发送。")
            return redirect("notices:detail", pk=notice.pk)
    return render(request, "notices/form.html", {"form": form})


def _notice(request, pk) -> Notice:
    return get_object_or_404(
        Notice.objects.visible_to(request.user).select_related(
            "unit", "target_unit", "target_branch", "created_by", "sent_by"
        ),
        pk=pk,
    )


@staff_required
def notice_detail(request, pk):
    notice = _notice(request, pk)
    state = request.GET.get("state", "")
    rows = notice.recipients.select_related("cadre__unit", "read_by", "replied_by")
    if state in STATES:
        rows = rows.filter(**STATES[state])
    page = Paginator(rows.order_by("cadre__name", "pk"), 50).get_page(request.GET.get("page"))
    planned = None
    if notice.status == Notice.Status.DRAFT:
        planned = services.audience_of(notice=notice, on=timezone.localdate()).count()
    return render(
        request,
        "notices/detail.html",
        {
            "notice": notice,
            "counts": selectors.counts_of(notice),
            "planned": planned,
            "page_obj": page,
            "state": state,
        },
    )


@require_POST
@staff_required
def notice_send(request, pk):
    notice = _notice(request, pk)
    try:
        count = services.notice_send(notice=notice, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"已发送给 {count} 位老干部。")
    return redirect("notices:detail", pk=notice.pk)


@require_POST
@staff_required
def notice_withdraw(request, pk):
    notice = _notice(request, pk)
    try:
        services.notice_withdraw(
            notice=notice, reason=request.POST.get("reason", ""), by=request.user
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "通知已撤回，老干部端不再显示。")
    return redirect("notices:detail", pk=notice.pk)


# --- the cadre side -----------------------------------------------------------------------------
def _side(request, **extra) -> dict:
    proxies = cadres_for(request.user) if on_behalf(request) else []
    return {"cadre": request.acting_cadre, "proxy_cadres": proxies, "big_text": True, **extra}


@cadre_side_required
def mine(request):
    rows = selectors.notices_for_cadre(user=request.user, cadre=request.acting_cadre)
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "notices/mine.html", _side(request, page_obj=page))


def _receipt(request, pk) -> NoticeRecipient:
    return get_object_or_404(
        selectors.notices_for_cadre(user=request.user, cadre=request.acting_cadre),
        notice_id=pk,
    )


@cadre_side_required
def read(request, pk):
    receipt = _receipt(request, pk)
    if services.notice_mark_read(recipient=receipt, by=request.user, on_behalf=on_behalf(request)):
        receipt.refresh_from_db()
    return render(request, "notices/read.html", _side(request, receipt=receipt))


@require_POST
@cadre_side_required
def reply(request, pk):
    receipt = _receipt(request, pk)
    try:
        services.notice_reply(
            recipient=receipt,
            answer=request.POST.get("answer", ""),
            by=request.user,
            on_behalf=on_behalf(request),
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "已收到您的回复，谢谢！")
    return redirect("notices:read", pk=pk)
