"""Who may do what in publicity. Scope (which rows) is `visible_to`; this is the role part,
spelled with the role groups of apps.accounts.access."""

from apps.accounts.access import STAFF_AND_LEADERSHIP, UNIT_STAFF, has_role, is_city_bureau


def can_write(user) -> bool:
    """Unit staff write articles and report information for their own subtree."""
    return has_role(user, UNIT_STAFF)


def can_review(user) -> bool:
    """The city bureau reviews and publishes, and scores adoptions: a district never approves
    its own news or scores its own submissions."""
    return is_city_bureau(user)


def can_see_ranking(user) -> bool:
    return has_role(user, STAFF_AND_LEADERSHIP)
