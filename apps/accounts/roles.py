"""Roles as groups with permissions. The groups are (re)built after every migrate, so a new
model's permissions reach the roles without a data migration."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .models import Role

DOMAIN_APPS = (
    "cadres",
    "branches",
    "volunteers",
    "visits",
    "subsidies",
    "casework",
    "notifications",
    "publicity",
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
    if role in (Role.BUREAU_STAFF, Role.DISTRICT_STAFF):
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
    user.is_staff = user.is_superuser or role in (Role.BUREAU_STAFF, Role.DISTRICT_STAFF)
    user.save(update_fields=["role", "is_staff"])
    role_groups = Group.objects.filter(name__in=Role.labels)
    user.groups.remove(*role_groups)
    if role:
        group = Group.objects.filter(name=Role(role).label).first()
        if group is None:
            group = sync_role_groups()[role]
        user.groups.add(group)
