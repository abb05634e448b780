"""/me/: the cadre's own pages (cadre or family proxy), card sign-in, and the staff card desk."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import UNIT_STAFF, role_required
from apps.accounts.models import Role
from apps.cadres.acting import SESSION_ACTING_KEY, cadre_side_required, cadres_for, on_behalf
from apps.cadres.models import Cadre
from apps.casework import services as casework_services
from apps.casework.models import RATINGS, RequestUrgency, ServiceRequest
from apps.core.qr import qr_svg_uri
from apps.notices.selectors import unread_count

from . import selectors, services
from .models import CadreAccount, HelpCall, LoginCard, ProxyGrant

# The menu of common needs (急难愁盼), each with its picture (static/cadreside/icons.svg).
REQUEST_MENU = [(c.value, c.label) for c in ServiceRequest.Category]


def _client(request) -> tuple[str | None, str]:
    return request.META.get("REMOTE_ADDR"), request.META.get("HTTP_USER_AGENT", "")


# Unit staff only (the card desk, the call log): the access layer's one gate.
staff_required = role_required(UNIT_STAFF, message="仅限老干部局工作人员。")


def _context(request, **extra) -> dict:
    cadres = cadres_for(request.user) if request.user.role == Role.FAMILY else []
    return {"cadre": request.acting_cadre, "proxy_cadres": cadres, "big_text": True, **extra}


# --- sign-in ------------------------------------------------------------------------------------
def _sign_in(request, card: LoginCard):
    login(request, card.holder, backend="django.contrib.auth.backends.ModelBackend")
    request.session[services.SESSION_CARD_KEY] = card.pk
    request.session[SESSION_ACTING_KEY] = card.cadre_id
    request.session.set_expiry(services.SESSION_AGE)
    return redirect("cadreside:home")


def qr_signin(request, token: str):
    """The QR code's URL: one big button, so a link preview never signs anyone in."""
    if request.method == "POST":
        ip, agent = _client(request)
        card = services.card_by_token(token=token, ip=ip, user_agent=agent)
        if card is not None:
            return _sign_in(request, card)
        messages.error(request, "这张登录卡已失效，请联系老干部局工作人员补办。")
        return redirect("cadreside:code_signin")
    return render(request, "cadreside/qr_signin.html", {"big_text": True})


def code_signin(request):
    error = ""
    number = ""
    if request.method == "POST":
        number = request.POST.get("number", "").strip()
        code = request.POST.get("code", "").strip()
        ip, agent = _client(request)
        if not (number.isdigit() and code.isdigit() and len(code) == 6):
            error = "请输入卡号和 6 位验证码。"
        else:
            try:
                card = services.card_by_code(number=number, code=code, ip=ip, user_agent=agent)
            except services.TooManyAttempts:
                card, error = None, "尝试次数过多，请 15 分钟后再试，或联系工作人员。"
            else:
                if card is not None:
                    return _sign_in(request, card)
                error = "卡号或验证码不正确。"
    return render(
        request,
        "cadreside/code_signin.html",
        {"error": error, "number": number, "big_text": True, "keys": "123456789"},
        status=400 if error else 200,
    )


# --- the cadre's pages --------------------------------------------------------------------------
@cadre_side_required
def home(request):
    cadre = request.acting_cadre
    to_rate = _own_requests(request).filter(
        status=ServiceRequest.Status.CLOSED, rating__isnull=True
    )[:3]
    return render(
        request,
        "cadreside/home.html",
        _context(
            request,
            unread=unread_count(user=request.user, cadre=cadre),
            to_rate=to_rate,
            phone=services.duty_phone_for(cadre),
        ),
    )


@cadre_side_required
def record(request):
    cadre = request.acting_cadre
    today = timezone.localdate()
    # Their own record, shown whole: this is the cadre (or their proxy) reading about themselves.
    return render(
        request,
        "cadreside/record.html",
        _context(request, standing=selectors.party_standing(cadre=cadre, today=today)),
    )


@cadre_side_required
def branch(request):
    overview = selectors.branch_overview(user=request.user, cadre=request.acting_cadre)
    return render(request, "cadreside/branch.html", _context(request, **overview))


@cadre_side_required
def volunteer(request):
    overview = selectors.volunteer_overview(user=request.user, cadre=request.acting_cadre)
    return render(request, "cadreside/volunteer.html", _context(request, overview=overview))


@cadre_side_required
def visits(request):
    overview = selectors.my_visits(user=request.user, cadre=request.acting_cadre)
    return render(request, "cadreside/visits.html", _context(request, **overview))


@cadre_side_required
def subsidies(request):
    overview = selectors.my_payments(
        user=request.user, cadre=request.acting_cadre, today=timezone.localdate()
    )
    return render(request, "cadreside/subsidies.html", _context(request, **overview))


# --- 诉求 (急难愁盼) and 一键求助 -------------------------------------------------------------------
def _own_requests(request):
    return (
        ServiceRequest.objects.visible_to(request.user)
        .filter(cadre=request.acting_cadre)
        .select_related("assignee", "submitted_by", "rated_by")
    )


@cadre_side_required
def requests(request):
    rows = _own_requests(request).order_by("-received_at", "-pk")
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "cadreside/requests.html", _context(request, page_obj=page))


@cadre_side_required
def request_new(request):
    """The menu of common needs: one tap on a picture submits (what was typed goes with it)."""
    error = ""
    if request.method == "POST":
        try:
            created = casework_services.request_submit_from_cadre_side(
                cadre=request.acting_cadre,
                category=request.POST.get("category", ""),
                content=request.POST.get("content", "")[:2000],
                urgent=request.POST.get("urgent") == "1",
                by=request.user,
                on_behalf=on_behalf(request),
            )
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, "已收到您的诉求，工作人员会尽快与您联系。")
            return redirect("cadreside:request_detail", pk=created.pk)
    return render(
        request,
        "cadreside/request_new.html",
        _context(
            request,
            menu=REQUEST_MENU,
            error=error,
            content=request.POST.get("content", ""),
        ),
        status=400 if error else 200,
    )


@cadre_side_required
def request_detail(request, pk: int):
    item = get_object_or_404(_own_requests(request), pk=pk)
    return render(
        request,
        "cadreside/request_detail.html",
        _context(request, item=item, ratings=RATINGS, now=timezone.now()),
    )


@require_POST
@cadre_side_required
def request_rate(request, pk: int):
    item = get_object_or_404(_own_requests(request), pk=pk)
    raw = request.POST.get("rating", "")
    try:
        casework_services.request_rate(
            request=item,
            rating=int(raw) if raw.isdigit() else 0,
            comment=request.POST.get("comment", ""),
            by=request.user,
            on_behalf=on_behalf(request),
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "谢谢您的评价！")
    return redirect("cadreside:request_detail", pk=item.pk)


@cadre_side_required
def help_page(request):
    phone = services.duty_phone_for(request.acting_cadre)
    return render(request, "cadreside/help.html", _context(request, phone=phone))


@require_POST
@cadre_side_required
def help_call(request):
    """The beacon the 一键求助 button sends as the phone starts dialling (tel:)."""
    call = services.help_call_log(
        cadre=request.acting_cadre, by=request.user, on_behalf=on_behalf(request)
    )
    return HttpResponse(status=204, headers={"X-Help-Call": str(call.pk)})


@require_POST
@cadre_side_required
def switch(request):
    pk = request.POST.get("cadre", "")
    cadre = cadres_for(request.user).filter(pk=pk).first() if pk.isdigit() else None
    if cadre is None:
        raise Http404("没有这位老干部的代办授权。")
    request.session[SESSION_ACTING_KEY] = cadre.pk
    messages.success(request, f"正在为 {cadre.name} 办理。")
    return redirect("cadreside:home")


# --- staff: the card desk -----------------------------------------------------------------------
def _holders(cadre: Cadre):
    own = [a.user for a in CadreAccount.objects.filter(cadre=cadre).select_related("user")]
    grants = ProxyGrant.objects.active().filter(cadre=cadre).select_related("user")
    return own, list(grants)


@staff_required
def calls(request):
    rows = HelpCall.objects.visible_to(request.user).select_related("cadre__unit", "by", "request")
    if request.GET.get("open") == "1":
        rows = rows.filter(request__isnull=True)
    page = Paginator(rows.order_by("-at", "-pk"), 50).get_page(request.GET.get("page"))
    urgencies = RequestUrgency.objects.all()
    return render(request, "cadreside/calls.html", {"page_obj": page, "urgencies": urgencies})


@require_POST
@staff_required
def call_convert(request, pk: int):
    call = get_object_or_404(HelpCall.objects.visible_to(request.user), pk=pk)
    raw = request.POST.get("urgency", "")
    urgencies = RequestUrgency.objects.all()
    # Without a choice the call is 一般 (the slowest deadline); staff may raise it on the request.
    urgency = (
        urgencies.filter(pk=int(raw)).first()
        if raw.isdigit()
        else urgencies.order_by("-response_hours").first()
    )
    try:
        if urgency is None:
            raise ValidationError("请选择紧急程度。")
        created = services.help_call_convert(
            call=call, content=request.POST.get("content", ""), urgency=urgency, by=request.user
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("cadreside:calls")
    messages.success(request, "已转为诉求，由您承办。")
    return redirect("casework:request_detail", pk=created.pk)


@staff_required
def cards(request, pk: int):
    cadre = get_object_or_404(Cadre.objects.visible_to(request.user), pk=pk)
    own, grants = _holders(cadre)
    issued = LoginCard.objects.filter(cadre=cadre).select_related("holder", "issued_by")
    return render(
        request,
        "cadreside/cards.html",
        {"cadre": cadre, "own": own, "grants": grants, "issued": issued},
    )


@require_POST
@staff_required
def card_issue(request, pk: int):
    cadre = get_object_or_404(Cadre.objects.visible_to(request.user), pk=pk)
    holder_id = request.POST.get("holder", "")
    own, grants = _holders(cadre)
    allowed = {u.pk: u for u in own} | {g.user_id: g.user for g in grants}
    holder = allowed.get(int(holder_id)) if holder_id.isdigit() else None
    if holder is None:
        messages.error(request, "请选择本人或已授权的代办家属。")
        return redirect("cadreside:cards", pk=cadre.pk)
    issued = services.card_issue(cadre=cadre, holder=holder, by=request.user)
    url = request.build_absolute_uri(reverse("cadreside:qr_signin", args=[issued.token]))
    qr = qr_svg_uri(url, scale=4)
    return render(
        request,
        "cadreside/card_print.html",
        {"cadre": cadre, "card": issued.card, "code": issued.code, "qr": qr, "holder": holder},
    )


@require_POST
@staff_required
def card_revoke(request, pk: int):
    card = get_object_or_404(LoginCard.objects.visible_to(request.user), pk=pk)
    if services.card_revoke(card=card, by=request.user):
        messages.success(request, f"登录卡 {card.number} 已作废，用它登录的手机已退出。")
    else:
        messages.error(request, "这张登录卡已经作废。")
    return redirect("cadreside:cards", pk=card.cadre_id)
