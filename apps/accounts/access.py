"""The one access layer: role groups named once and one decorator (and mixin) for role gates.

The rule (ARCHITECTURE.md, decided once):
- out of scope -> 404: objects are looked up through `Model.objects.visible_to(user)`;
- in scope but the role may not act -> 403, rendered in Chinese (templates/403.html).

A view declares who may use it: `@role_required(UNIT_STAFF)`; class views use
`RoleRequiredMixin` with `roles = UNIT_STAFF`. Superusers pass every role gate.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from .models import OrgUnit, Role

# Role groups: every gate in the portal names one of these, never a hand-written tuple.
UNIT_STAFF = frozenset({Role.BUREAU_STAFF, Role.DISTRICT_STAFF})  # 局机关 + 区县老干部局
LEADERSHIP = frozenset({Role.LEADERSHIP})
STAFF_AND_LEADERSHIP = UNIT_STAFF | LEADERSHIP  # reports, dashboard, rankings
SECRETARY = frozenset({Role.SECRETARY})
TEAM_LEADER = frozenset({Role.TEAM_LEADER})
BRANCH_WRITERS = UNIT_STAFF | SECRETARY  # who records branch activities
CADRE_SIDE = frozenset({Role.CADRE, Role.FAMILY})  # /me/ only

DENIED_MESSAGE = "您的角色无权进行此操作"


def has_role(user, roles: Iterable[str]) -> bool:
    """True for an active signed-in user whose role is in `roles` (superusers always)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_superuser or user.role in roles)


def is_unit_staff(user) -> bool:
    return has_role(user, UNIT_STAFF)


def is_city_bureau(user) -> bool:
    """The city bureau: bureau staff whose unit is the root of the unit tree (kind 市级).
    The one definition; do not re-spell it as `parent_id is None` or `unit__parent__isnull`."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return bool(
        user.role == Role.BUREAU_STAFF
        and user.unit_id is not None
        and user.unit.kind == OrgUnit.Kind.CITY
    )


def city_bureau_q(prefix: str = ""):
    """The same definition as a filter on users (`prefix` e.g. "assignee__")."""
    from django.db.models import Q

    return Q(**{f"{prefix}role": Role.BUREAU_STAFF, f"{prefix}unit__kind": OrgUnit.Kind.CITY})


def deny(message: str = DENIED_MESSAGE):
    """Raise the 403 of the rule (in scope, role may not act)."""
    raise PermissionDenied(message)


def role_required(roles: Iterable[str] | Callable, *, message: str = DENIED_MESSAGE):
    """Decorator for function views: sign-in required, then the role gate (403 if it fails).
    `roles` is a role group (e.g. UNIT_STAFF) or a predicate `user -> bool` (e.g. is_city_bureau)."""
    check = (
        roles if callable(roles) else (lambda user, _roles=frozenset(roles): has_role(user, _roles))
    )

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                deny(message)
            return view(request, *args, **kwargs)

        wrapper.access_check = check
        return wrapper

    return decorator


class RoleRequiredMixin(LoginRequiredMixin):
    """Class views: `roles = UNIT_STAFF` (or `role_check = staticmethod(is_city_bureau)`)."""

    roles: Iterable[str] = ()
    role_check: Callable | None = None
    denied_message = DENIED_MESSAGE

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        check = self.role_check or (lambda user: has_role(user, self.roles))
        if not check(request.user):
            deny(self.denied_message)
        return super().dispatch(request, *args, **kwargs)
