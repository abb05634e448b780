import logging
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.cadres.models import Cadre

from ..models import Volunteer, VolunteerTeam

logger = logging.getLogger(__name__)


@transaction.atomic
def volunteer_register(
    *,
    cadre: Cadre | None,
    registered_on: date,
    skills: str = "",
    teams: Iterable[VolunteerTeam] = (),
    by=None,
) -> Volunteer:
    """Register a cadre on the register (在册) as a volunteer; anyone else is refused."""
    if not isinstance(cadre, Cadre) or cadre.pk is None:
        raise ValidationError({"cadre": "只有登记在册的离退休干部才能注册为志愿者。"})
    if cadre.is_deceased:
        raise ValidationError({"cadre": "该干部已故，不能注册为志愿者。"})
    if Volunteer.objects.filter(cadre=cadre).exists():
        raise ValidationError({"cadre": "该干部已注册为志愿者。"})
    volunteer = Volunteer(cadre=cadre, registered_on=registered_on, skills=skills)
    volunteer.full_clean()
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError as exc:  # a concurrent registration of the same cadre
        raise ValidationError({"cadre": "该干部已注册为志愿者。"}) from exc
    volunteer.teams.set(list(teams))
    logger.info("volunteer %s registered by %s", volunteer.pk, getattr(by, "pk", None))
    return volunteer


def volunteers_deactivate_deceased(*, on: date) -> int:
    """Daily: a deceased cadre's volunteer record is deactivated (once; a rerun finds none)."""
    with transaction.atomic():
        count = Volunteer.objects.filter(
            status=Volunteer.Status.ACTIVE, cadre__status=Cadre.Status.DECEASED
        ).update(
            status=Volunteer.Status.INACTIVE,
            deactivated_on=on,
            deactivation_reason="干部已故",
        )
    logger.info("volunteers deactivated (deceased) on %s: %s", on.isoformat(), count)
    return count
