"""The dashboard's writes: its facts (facts.py, kept by the frequent job) and the cache."""

from datetime import date

from django.conf import settings

from apps.accounts.models import User

from . import selectors
from .access import DASHBOARD_ROLES


def dashboard_cache_warm(*, on: date) -> int:
    """Compute this year's figures for every scope that has a dashboard user, so leadership
    open the page from Redis instead of waiting for the city-wide aggregation. One user stands
    for each (unit, role): the figures depend on nothing else (selectors.cache_key). Running it
    twice, or beside a request that fills the same entry, only overwrites equal figures."""
    representatives = (
        User.objects.filter(is_active=True, role__in=DASHBOARD_ROLES, unit__isnull=False)
        .select_related("unit")
        .order_by("unit_id", "role", "pk")
        .distinct("unit_id", "role")
    )
    # Outlive the gap between two runs of the frequent jobs, so an entry never lapses between.
    timeout = selectors.cache_seconds() + int(settings.FREQUENT_JOBS_SECONDS)
    count = 0
    for user in representatives:
        selectors.store(user, selectors.Window(year=on.year, today=on), timeout=timeout)
        count += 1
    return count
