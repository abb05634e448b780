"""大字模式: one switch, remembered per user (User.large_font) or, signed out, per device (a
cookie), and applied on the server (a class on <html>), so a page never flashes in the small size
before a script enlarges it. The cadre side (retired cadres and family proxies) reads in 大字
until the user switches it off."""

from django.conf import settings

from .access import CADRE_SIDE

COOKIE = "portal_font"
COOKIE_MAX_AGE = 365 * 24 * 3600
CSS_CLASS = "font-large"


def large_font(request) -> bool:
    """Whether this request's pages read in 大字."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if user.large_font is not None:
            return bool(user.large_font)
        if user.role in CADRE_SIDE:
            return True
    return request.COOKIES.get(COOKIE) == "large"


def remember(request, response, *, large: bool) -> None:
    """Keep the choice: on the user (every device) when signed in, on this device always (the
    login page and the public site, before signing in, read it too)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.large_font != large:
        user.large_font = large
        user.save(update_fields=["large_font"])
    response.set_cookie(
        COOKIE,
        "large" if large else "normal",
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
    )
