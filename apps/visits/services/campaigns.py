"""Campaigns (冬送温暖, 夏送清凉…): one visit per cadre of a register-filtered group."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, DateField, F, Value
from django.utils import timezone

from apps.accounts.models import OrgUnit
from apps.cadres.models import Cadre

from ..models import Campaign, Occasion
from .generation import _rows, assignee_map, insert_visits

logger = logging.getLogger(__name__)


INVALID_FILTER_MESSAGE = "活动保存的对象筛选条件已失效，无法生成走访，请重新创建活动或联系管理员。"


def campaign_filter_data(filter_form) -> dict[str, str]:
    """What to store of a validated register filter form: its submitted values, as the form
    reads them (strings, pks as text), so the same form accepts them again on generation.
    Cleaned values do not round-trip (True is not a choice of the 困难 field, "1" is)."""
    data = {}
    for name in filter_form.fields:
        value = filter_form[name].data
        if value not in (None, "", []):
            data[name] = value
    return data


def _campaign_filterset(*, filters: dict, queryset, user):
    from apps.cadres.filters import CadreFilter

    filterset = CadreFilter(data=filters, queryset=queryset, user=user)
    unknown = set(filters) - set(filterset.form.fields)
    refused = getattr(filterset, "refused", [])  # conditions this user may not filter by
    if unknown or refused or not filterset.form.is_valid():
        # A dropped condition would silently widen the group (a 困难 campaign reaching everyone):
        # refuse instead, and say why in the log.
        logger.error(
            "campaign filter refused: %r (unknown %s, not allowed %s, errors %s)",
            filters,
            sorted(unknown),
            refused,
            filterset.form.errors.as_json(),
        )
        raise ValidationError(INVALID_FILTER_MESSAGE, code="invalid_campaign_filter")
    return filterset


def campaign_filters_check(*, filters: dict, user) -> None:
    """Raise ValidationError unless the stored filter reads back through the register form."""
    _campaign_filterset(filters=filters, queryset=Cadre.objects.none(), user=user)


def campaign_cadres(*, campaign: Campaign, user):
    """The campaign's group: the register filter it was created with, within the user's scope
    and the campaign's unit, living cadres only. A stored filter the form no longer accepts
    raises ValidationError (logged), never widens to everyone."""
    base = Cadre.objects.visible_to(user).alive().filter(unit__path__startswith=campaign.unit.path)
    filterset = _campaign_filterset(filters=campaign.filters or {}, queryset=base, user=user)
    return filterset.qs.order_by()


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
    campaign_filters_check(filters=filters, user=by)
    campaign.full_clean()
    campaign.save()
    campaign_generate(campaign=campaign, by=by)
    return campaign


def campaign_generate(*, campaign: Campaign, by) -> int:
    """Create the missing visits of the campaign; running it again adds only cadres who newly
    match the filter (the (cadre, occasion_key) constraint stops duplicates). An invalid stored
    filter raises ValidationError and creates nothing."""
    if campaign.is_cancelled:
        raise ValidationError("该活动已撤销，不能再生成走访。")
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


@transaction.atomic
def campaign_cancel(*, campaign: Campaign, by, reason: str) -> int:
    """Cancel (撤销) a campaign instead of deleting it: who, when and why are kept on the row and
    in its history; its open visits are cancelled with the reason; its done visits stay done.
    Returns the number of visits cancelled."""
    from .visits import visit_cancel

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤销原因。"})
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_cancelled:
        raise ValidationError("该活动已撤销。")
    campaign.cancelled_at, campaign.cancelled_by = timezone.now(), by
    campaign.cancelled_reason = reason[:200]
    campaign._history_user = by
    campaign._change_reason = f"撤销：{reason}"[:100]
    campaign.save(update_fields=["cancelled_at", "cancelled_by", "cancelled_reason"])
    cancelled = 0
    for visit in campaign.visits.open():
        visit_cancel(visit=visit, by=by, reason=f"活动撤销：{reason}")
        cancelled += 1
    logger.info(
        "campaign %s cancelled by %s: %s open visits cancelled", campaign.pk, by.pk, cancelled
    )
    return cancelled
