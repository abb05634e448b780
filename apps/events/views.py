"""Events: staff pages (list, create, invite a group, replies after a phone call, the sign-in
desk on a phone, the QR sign-in page, printed invitations with QR, close, export) and the
cadre side's pages (my events, one invitation with its QR, the reply)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import STAFF_AND_LEADERSHIP, UNIT_STAFF, has_role, role_required
from apps.accounts.masking import shown
from apps.cadres.acting import cadre_side_required, cadres_for, on_behalf
from apps.cadres.models import Cadre
from apps.core.dates import years_ago
from apps.core.forms import errors_into_form
from apps.core.qr import qr_svg_uri

from . import exports, selectors, services
from .forms import CadreResponseForm, EventForm, InviteForm, ReasonForm, StaffResponseForm
from .models import Event, Invitation


def _event(request, pk):
    return get_object_or_404(Event.objects.visible_to(request.user).select_related("unit"), pk=pk)


def _qr(url: str) -> str:
    return qr_svg_uri(url, scale=5)


# --- staff --------------------------------------------------------------------------------------
@role_required(STAFF_AND_LEADERSHIP)
def event_list(request):
    page = Paginator(selectors.event_list(user=request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {"page_obj": page, "can_write": has_role(request.user, UNIT_STAFF)},
    )


@role_required(UNIT_STAFF)
def event_create(request):
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(by=request.user, **form.service_kwargs())
        except ValidationError as error:
            errors_into_form(form, error)
        else:
            messages.success(request, "活动已创建，请选择邀请对象。")
            return redirect("events:event_invite", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form})


@role_required(STAFF_AND_LEADERSHIP)
def event_detail(request, pk):
    event = _event(request, pk)
    show = request.GET.get("show", "")
    invitations = selectors.invitations(user=request.user, event=event, show=show)
    page = Paginator(invitations, 50).get_page(request.GET.get("page"))
    for invitation in page:
        invitation.phone_shown = shown(request.user, invitation.cadre.phone, "phone")
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "page_obj": page,
            "counts": selectors.counts(event=event),
            "show": show,
            "shows": selectors.SHOWS,
            "can_write": has_role(request.user, UNIT_STAFF),
            "response_form": StaffResponseForm(),
        },
    )


def _filter_data(filterset) -> dict:
    data = {}
    for name in filterset.form.fields:
        value = filterset.form[name].data
        if value not in (None, "", []):
            data[name] = value
    return data


@role_required(UNIT_STAFF)
def event_invite(request, pk):
    from apps.cadres.filters import CadreFilter  # the register's one definition of "which cadres"

    event = _event(request, pk)
    data = request.POST or None
    base = Cadre.objects.visible_to(request.user).alive()
    base = base.filter(unit__path__startswith=event.unit.path)
    cadre_filter = CadreFilter(data=data, queryset=base, user=request.user, prefix="f")
    form = InviteForm(data)
    preview = None
    if request.method == "POST":
        if cadre_filter.refused:
            # A condition this role may not filter by would be dropped and widen the group.
            form.add_error(None, cadre_filter.refused_message)
        elif form.is_valid() and cadre_filter.is_valid():
            cadres = cadre_filter.qs
            min_age = form.cleaned_data.get("min_age")
            if min_age:
                cadres = cadres.filter(birth_date__lte=years_ago(timezone.localdate(), min_age))
            if request.POST.get("action") == "invite":
                filters = {**_filter_data(cadre_filter), "min_age": min_age}
                try:
                    created = services.invite_group(
                        event=event, cadres=cadres, filters=filters, by=request.user
                    )
                except ValidationError as error:
                    errors_into_form(form, error)
                else:
                    messages.success(request, f"已邀请 {created} 人（已邀请过的不重复邀请）。")
                    return redirect(event)
            else:
                preview = {
                    "count": cadres.count(),
                    "sample": list(
                        cadres.order_by("name", "pk").values_list("name", flat=True)[:30]
                    ),
                }
    return render(
        request,
        "events/event_invite.html",
        {"event": event, "form": form, "filter_form": cadre_filter.form, "preview": preview},
    )


@require_POST
@role_required(UNIT_STAFF)
def invitation_respond(request, pk):
    invitation = get_object_or_404(
        Invitation.objects.visible_to(request.user).select_related("event", "cadre"), pk=pk
    )
    form = StaffResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "回复未保存：请选择参加或不能参加。")
    else:
        try:
            services.invitation_respond(
                invitation=invitation,
                response=form.cleaned_data["response"],
                via=form.cleaned_data["via"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, "回复未保存：" + " ".join(error.messages))
        else:
            messages.success(request, f"已登记 {invitation.cadre.name} 的回复。")
    return redirect(invitation.event)


@role_required(UNIT_STAFF)
def checkin_desk(request, pk):
    """The sign-in desk on a staff phone: find a name, tap 签到; or scan the QR (the phone's
    camera opens the sign-in page of that invitation)."""
    event = _event(request, pk)
    q = request.GET.get("q", "").strip()
    rows = selectors.invitations(user=request.user, event=event, show="", q=q)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "events/checkin_desk.html",
        {"event": event, "page_obj": page, "q": q, "counts": selectors.counts(event=event)},
    )


@role_required(UNIT_STAFF)
def checkin(request, token):
    """What the QR code opens: who it is and one big button (a link preview never signs in)."""
    invitation = get_object_or_404(
        Invitation.objects.visible_to(request.user).select_related("event", "cadre", "cadre__unit"),
        token=token,
    )
    if request.method == "POST":
        try:
            invitation, new = services.invitation_check_in(invitation=invitation, by=request.user)
        except ValidationError as error:
            messages.error(request, "未签到：" + " ".join(error.messages))
        else:
            at = timezone.localtime(invitation.checked_in_at)
            if new:
                messages.success(request, f"{invitation.cadre.name} 签到成功（{at:%H:%M}）。")
            else:
                messages.info(
                    request, f"{invitation.cadre.name} 已于 {at:%H:%M} 签到，无需重复签到。"
                )
        if request.POST.get("next") == "desk":
            return redirect("events:checkin_desk", pk=invitation.event_id)
        return redirect("events:checkin", token=token)
    return render(request, "events/checkin.html", {"invitation": invitation})


@role_required(UNIT_STAFF)
def invitation_cards(request, pk):
    """Printable invitations, one per cadre with the QR code they bring to the door."""
    event = _event(request, pk)
    rows = selectors.invitations(user=request.user, event=event, show="")
    page = Paginator(rows, 40).get_page(request.GET.get("page"))
    for invitation in page:
        url = request.build_absolute_uri(reverse("events:checkin", args=[invitation.token]))
        invitation.qr = _qr(url)
    return render(request, "events/invitation_cards.html", {"event": event, "page_obj": page})


@require_POST
@role_required(UNIT_STAFF)
def event_close(request, pk):
    event = _event(request, pk)
    try:
        missed = services.event_close(event=event, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = f"活动已结束：{missed} 人未能参加。"
        if event.visit_if_missed and missed:
            text += "已为他们安排走访（送学上门）。"
        messages.success(request, text)
    return redirect(event)


@require_POST
@role_required(UNIT_STAFF)
def event_cancel(request, pk):
    event = _event(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写取消原因。")
        return redirect(event)
    try:
        services.event_cancel(event=event, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "活动已取消，邀请记录保留。")
    return redirect(event)


@role_required(STAFF_AND_LEADERSHIP)
def event_export(request, pk):
    event = _event(request, pk)
    return exports.invitations_xlsx(event=event, user=request.user)


# --- the cadre side -----------------------------------------------------------------------------
def _cadre_context(request, **extra) -> dict:
    proxies = cadres_for(request.user) if on_behalf(request) else []
    return {"cadre": request.acting_cadre, "proxy_cadres": proxies, "big_text": True, **extra}


@cadre_side_required
def my_events(request):
    invitations = selectors.my_invitations(user=request.user, cadre=request.acting_cadre)
    return render(request, "events/me/list.html", _cadre_context(request, invitations=invitations))


def _my_invitation(request, pk):
    return get_object_or_404(
        Invitation.objects.visible_to(request.user)
        .filter(cadre=request.acting_cadre)
        .select_related("event"),
        pk=pk,
    )


@cadre_side_required
def my_invitation(request, pk):
    invitation = _my_invitation(request, pk)
    form = CadreResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        via = Invitation.Via.PROXY if on_behalf(request) else Invitation.Via.SELF
        try:
            services.invitation_respond(
                invitation=invitation,
                response=form.cleaned_data["response"],
                via=via,
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            errors_into_form(form, error)
        else:
            messages.success(request, "已收到您的回复，谢谢！")
            return redirect("events:my_invitation", pk=invitation.pk)
    url = request.build_absolute_uri(reverse("events:checkin", args=[invitation.token]))
    return render(
        request,
        "events/me/invitation.html",
        _cadre_context(request, invitation=invitation, form=form, qr=_qr(url)),
    )
