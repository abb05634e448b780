"""Who may do what in publicity. Scope (which rows) is `visible_to`; this is the role part."""

from apps.accounts.models import OrgUnit, Role


def can_write(user) -> bool:
    """Unit staff write articles and report information for their own subtree."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role in (Role.BUREAU_STAFF, Role.DISTRICT_STAFF))
    )


def can_review(user) -> bool:
    """The city bureau reviews and publishes, and scores adoptions: a district never approves
    its own news or scores its own submissions."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return bool(
        user.role == Role.BUREAU_STAFF
        and user.unit_id is not None
        and user.unit.kind == OrgUnit.Kind.CITY
    )


def can_see_ranking(user) -> bool:
    return can_write(user) or (user.is_authenticated and user.role == Role.LEADERSHIP)
