"""Who may open the dashboard pages: leadership and unit staff. Secretaries and team leaders get
the same 404 as for a page outside their scope (they have their own portals; the dashboard's
existence is nothing they need to learn from a 403)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from apps.accounts.access import STAFF_AND_LEADERSHIP, has_role

DASHBOARD_ROLES = STAFF_AND_LEADERSHIP


def can_view(user) -> bool:
    return has_role(user, DASHBOARD_ROLES)


def dashboard_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_view(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
