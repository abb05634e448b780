"""Campaigns (冬送温暖, 夏送清凉…): one visit per cadre of a register-filtered group."""

import logging
from datetime import date

from django.db import transaction
from django.db.models import CharField, DateField, F, Value

from apps.accounts.models import OrgUnit
from apps.cadres.models import Cadre

from ..models import Campaign, Occasion
from .generation import _rows, assignee_map, insert_visits

logger = logging.getLogger(__name__)


def campaign_cadres(*, campaign: Campaign, user):
    """The campaign's group: the register filter it was created with, within the user's scope
    and the campaign's unit, living cadres only."""
    from apps.cadres.filters import CadreFilter

    base = Cadre.objects.visible_to(user).alive().filter(unit__path__startswith=campaign.unit.path)
    return CadreFilter(data=campaign.filters, queryset=base, user=user).qs.order_by()


@transaction.atomic
def campaign_create(
    *,
    by,
    name: str,
    unit: OrgUnit,
    starts_on: date,
    ends_on: date,
    filters: dict,
    notes: str = "",
) -> Campaign:
    campaign = Campaign(
        name=name,
        unit=unit,
        starts_on=starts_on,
        ends_on=ends_on,
        filters=filters,
        notes=notes,
        created_by=by,
    )
    campaign.full_clean()
    campaign.save()
    campaign_generate(campaign=campaign, by=by)
    return campaign


def campaign_generate(*, campaign: Campaign, by) -> int:
    """Create the missing visits of the campaign; running it again adds only cadres who newly
    match the filter (the (cadre, occasion_key) constraint stops duplicates)."""
    rows = _rows(
        campaign_cadres(campaign=campaign, user=by),
        cadre=F("pk"),
        unit=F("unit_id"),
        key=Value(campaign.occasion_key, CharField()),
        due=Value(campaign.ends_on, DateField()),
        title=Value(campaign.name, CharField()),
    )
    created = insert_visits(
        rows,
        occasion=Occasion.CAMPAIGN,
        assignees=assignee_map("district_staff"),
        campaign_id=campaign.pk,
    )
    logger.info("campaign %s: %s visits created", campaign.pk, created)
    return created
