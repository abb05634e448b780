"""Who may open the dashboard pages: leadership and unit staff. Secretaries and team leaders get
the same 404 as for a page outside their scope (they have their own portals; the dashboard's
existence is nothing they need to learn from a 403)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from apps.accounts.models import Role

DASHBOARD_ROLES = {Role.LEADERSHIP, Role.BUREAU_STAFF, Role.DISTRICT_STAFF}


def can_view(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role in DASHBOARD_ROLES))


def dashboard_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_view(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
