"""Cadres and family proxies reach the cadre side and the public site only; every staff page,
the admin and every later staff URL answer 403 for them (fail closed: a new page is closed to them
until its view carries `apps.cadres.acting.cadre_side_required` — any app may serve cadre-side
pages that way — or it is listed here). A session signed in by a card ends when that card is
revoked."""

from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from apps.accounts.models import Role
from apps.cadres.acting import is_cadre_side_view

from .services import SESSION_CARD_KEY, session_card_valid

CADRE_SIDE_ROLES = (Role.CADRE, Role.FAMILY)
OPEN_NAMESPACES = {"cadreside"}
OPEN_NAMES = {
    "healthz",
    "accounts:logout",
    "core:favicon",
    "publicity:home",
    "publicity:article_list",
    "publicity:category",
    "publicity:search",
    "publicity:feed",
    "publicity:feed_atom",
    "publicity:article",
    "publicity:article_cover",
    "publicity:article_image",
    "publicity:exemplar_list",
    "publicity:exemplar",
    "publicity:exemplar_photo",
}
# Where a signed-in cadre lands instead of the staff start page or the password login.
TO_HOME = {"core:home", "accounts:login"}


class CadreSideMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.role in CADRE_SIDE_ROLES:
            card_id = request.session.get(SESSION_CARD_KEY)
            if card_id is not None and not session_card_valid(card_id):
                logout(request)
                return redirect("cadreside:code_signin")
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return self.get_response(request)
            if match.view_name in TO_HOME:
                return redirect("cadreside:home")
            is_open = (
                match.namespace in OPEN_NAMESPACES
                or match.view_name in OPEN_NAMES
                or is_cadre_side_view(match.func)
            )
            if not is_open:
                raise PermissionDenied("老干部端账号只能使用老干部端页面。")
        return self.get_response(request)
