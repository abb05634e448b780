"""Constants and scope helpers shared by the volunteers models."""

from decimal import Decimal

MAX_HOURS_PER_DAY = Decimal("24")
HOURS = {"max_digits": 4, "decimal_places": 1}
BALANCE = {"max_digits": 10, "decimal_places": 1}

# Secretaries reach volunteer data through their branch's current members.
_ACTIVE = {"left_on__isnull": True}


def _member_filter(prefix: str) -> dict:
    return {f"{prefix}__{k}": v for k, v in _ACTIVE.items()}


def _distinct_for_joins(qs, user):
    """Team leaders and secretaries reach rows through many-to-many joins (one row per match)."""
    if getattr(user, "role", "") in ("team_leader", "secretary"):
        return qs.model.objects.filter(pk__in=qs.values("pk"))
    return qs
