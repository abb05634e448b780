"""The cadre side's one entry rule, for every app that serves a page to a retired cadre or a
family proxy (家属代办): which cadres the signed-in user acts for (the one scope rule,
`Cadre.objects.visible_to`), which one is chosen (kept in the session, re-checked on every
request), and the decorator that marks a view as a cadre-side page.

It lives in the register (below the feature apps) so that a feature app — 老年大学 enrolment,
an event's RSVP — can serve its own cadre-side pages without importing the composition layer.
`CadreSideMiddleware` (apps/cadreside) lets the cadre side reach only views marked here and the
public site: a page is closed to cadres until its view carries `@cadre_side_required`."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.accounts.access import CADRE_SIDE
from apps.accounts.models import Role

from .models import Cadre

SESSION_ACTING_KEY = "cadreside_acting_cadre"
CADRE_SIDE_MARK = "cadre_side"


def cadres_for(user):
    """The cadres `user` may act for: a cadre themself, a proxy the cadres of active grants."""
    return Cadre.objects.visible_to(user).select_related("unit").order_by("name", "pk")


def acting_cadre(request) -> Cadre | None:
    """The cadre the signed-in cadre is, or the one a proxy chose (kept in the session, always
    re-checked against the active grants); None if there is none."""
    cadres = cadres_for(request.user)
    chosen = request.session.get(SESSION_ACTING_KEY)
    if chosen is not None:
        cadre = cadres.filter(pk=chosen).first()
        if cadre is not None:
            return cadre
        request.session.pop(SESSION_ACTING_KEY, None)
    return cadres.first()


def on_behalf(request) -> bool:
    """True when the signed-in user acts for someone else (a family proxy): what they do is
    recorded as done on behalf of `request.acting_cadre`."""
    return request.user.role != Role.CADRE


def cadre_side_required(view):
    """Signed in as a cadre or a family proxy with at least one cadre to act for; sets
    `request.acting_cadre` and marks the view as a cadre-side page (the middleware opens it)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if request.user.role not in CADRE_SIDE:
            raise PermissionDenied("仅限老干部本人或代办家属使用。")
        cadre = acting_cadre(request)
        if cadre is None:
            raise Http404("没有可代办的老干部。")
        request.acting_cadre = cadre
        return view(request, *args, **kwargs)

    setattr(wrapper, CADRE_SIDE_MARK, True)
    return wrapper


def is_cadre_side_view(func) -> bool:
    return bool(getattr(func, CADRE_SIDE_MARK, False))
