"""/me/: the cadre's own pages (cadre or family proxy), card sign-in, and the staff card desk."""

from functools import wraps

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.models import Role
from apps.cadres.acting import SESSION_ACTING_KEY, cadre_side_required, cadres_for
from apps.cadres.models import Cadre

from . import selectors, services
from .models import CadreAccount, LoginCard, ProxyGrant

STAFF_ROLES = {Role.BUREAU_STAFF, Role.DISTRICT_STAFF}


def _client(request) -> tuple[str | None, str]:
    return request.META.get("REMOTE_ADDR"), request.META.get("HTTP_USER_AGENT", "")


def staff_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_superuser or request.user.role in STAFF_ROLES):
            raise PermissionDenied("仅限老干部局工作人员。")
        return view(request, *args, **kwargs)

    return wrapper


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
    return render(request, "cadreside/home.html", _context(request))


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
    qr = segno.make(url, error="m").svg_data_uri(scale=4, border=2)
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
