"""Visits asked for by other feature apps through the register's signals (apps.cadres.signals),
so those apps never import visits. Connected in VisitsConfig.ready()."""

import logging

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Role
from apps.accounts.roles import assignee_map

from .models import Occasion, Visit

logger = logging.getLogger(__name__)


def plan_visit_for_missed_event(sender, *, cadre, key, title, due_on, unit_id=None, notes="", **_):
    """A cadre could not come to an event whose rule says so (情况通报会 …): one visit to bring
    them what was said (送学上门). Keyed by (cadre, key) under visit_once_per_occasion, so a
    repeated signal plans nothing new. Assigned like the generated visits: the staff of the
    cadre's unit or the nearest unit above it."""
    with transaction.atomic():
        visit, created = Visit.objects.get_or_create(
            cadre=cadre,
            occasion_key=key,
            defaults={
                "occasion": Occasion.ROUTINE,
                "title": title[:100],
                "due_date": due_on,
                "assignee_id": assignee_map(Role.DISTRICT_STAFF).get(cadre.unit_id),
                "notes": notes,
            },
        )
    if created:
        logger.info("visit %s planned for cadre %s (%s)", visit.pk, cadre.pk, key)
    return visit


def plan_visit_for_hospitalization(sender, *, hospitalization_id, **_):
    """A hospitalisation was saved: its 生病住院 visit now, as the nightly job would plan it."""
    from .services.generation import visits_for_hospitalization

    created = visits_for_hospitalization(on=timezone.localdate())
    if created:
        logger.info("hospitalisation %s: %s visit(s) planned", hospitalization_id, created)
    return created
