"""Shared gates of the steering pages. Lookups go through visible_to (out of scope: 404); the role gate
says who may act (403): an owner unit's staff report, the city bureau reviews, leadership read."""

from apps.accounts.access import (
    STAFF_AND_LEADERSHIP,
    is_city_bureau,
    is_unit_staff,
    role_required,
)

readers = role_required(STAFF_AND_LEADERSHIP)


def may_report(user, unit_id: int) -> bool:
    """The owner unit's own staff report its items (the city bureau reviews, never reports)."""
    return user.is_superuser or (is_unit_staff(user) and user.unit_id == unit_id)


def may_step(user) -> bool:
    """自评 and 推荐 are the units' (district staff); 复核命名 is the city bureau's."""
    return user.is_superuser or (is_unit_staff(user) and not is_city_bureau(user))


def _int_param(request, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() else None
