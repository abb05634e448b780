"""Roles as groups with permissions. The groups are (re)built after every migrate, so a new
model's permissions reach the roles without a data migration."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .access import UNIT_STAFF
from .models import OrgUnit, Role, User

DOMAIN_APPS = (
    "cadres",
    "branches",
    "volunteers",
    "visits",
    "subsidies",
    "casework",
    "notifications",
    "publicity",
    "steering",
    "onboarding",
    "university",
    "venues",
    "events",
)

# Permissions beyond the model defaults; every codename here must be declared in a Meta.
SENSITIVE = ("cadres.view_sensitive",)


def _perms(q: Q):
    return Permission.objects.filter(q).select_related("content_type")


def role_permissions(role: str):
    everything = Q(content_type__app_label__in=DOMAIN_APPS)
    view_only = everything & Q(codename__startswith="view_")
    org_view = Q(content_type__app_label="accounts", codename__in=["view_orgunit", "view_user"])
    sensitive = Q()
    for dotted in SENSITIVE:
        app_label, codename = dotted.split(".")
        sensitive |= Q(content_type__app_label=app_label, codename=codename)
    if role in UNIT_STAFF:
        return _perms(everything | org_view)
    if role == Role.LEADERSHIP:
        # Aggregates and names only: no view_sensitive.
        return _perms((view_only | org_view) & ~sensitive)
    return Permission.objects.none()


def sync_role_groups() -> dict[str, Group]:
    groups = {}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.label)
        group.permissions.set(role_permissions(role))
        groups[role.value] = group
    return groups


def user_set_role(*, user, role: str) -> None:
    """Give `user` the role's group (and only it) and admin access for staff roles."""
    user.role = role
    user.is_staff = user.is_superuser or role in UNIT_STAFF
    user.save(update_fields=["role", "is_staff"])
    role_groups = Group.objects.filter(name__in=Role.labels)
    user.groups.remove(*role_groups)
    if role:
        group = Group.objects.filter(name=Role(role).label).first()
        if group is None:
            group = sync_role_groups()[role]
        user.groups.add(group)


def assignee_map(role: str) -> dict[int, int]:
    """unit id → the user a visit there is assigned to: the first active user with `role` in the
    unit or its nearest ancestor, else one with the other staff role (a township without its own
    staff is served by its district)."""
    other = Role.BUREAU_STAFF if role == Role.DISTRICT_STAFF else Role.DISTRICT_STAFF
    holders: dict[str, dict[int, int]] = {role: {}, other: {}}
    users = User.objects.filter(role__in=[role, other], is_active=True, unit__isnull=False)
    for unit_id, user_id, user_role in users.order_by("pk").values_list("unit_id", "pk", "role"):
        holders[user_role].setdefault(unit_id, user_id)
    result = {}
    for pk, path in OrgUnit.objects.values_list("pk", "path"):
        chain = [int(p) for p in reversed(path.strip("/").split("/")) if p]
        for candidates in (holders[role], holders[other]):
            found = next((candidates[u] for u in chain if u in candidates), None)
            if found is not None:
                result[pk] = found
                break
    return result


def staff_choices(user):
    """Unit staff a user may pick as responsible or assignee: active, in the user's scope."""
    return User.objects.filter(is_active=True, role__in=UNIT_STAFF).filter(
        unit__in=OrgUnit.objects.visible_to(user)
    )
