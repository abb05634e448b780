"""Writes to the register. Views, admin, the import and commands call these."""

from datetime import date

from django.db import transaction

from .models import Cadre, Hospitalization, LifeEvent
from .signals import hospitalization_recorded


@transaction.atomic
def cadre_save(*, cadre: Cadre, by=None) -> Cadre:
    """Validate and save a new or changed register entry (history records `by`)."""
    cadre.full_clean()
    if by is not None:
        cadre._history_user = by
    cadre.save()
    return cadre


@transaction.atomic
def cadre_mark_deceased(*, cadre: Cadre, on: date, by=None) -> Cadre:
    """Record a death. Visits, reminders and payments react to the state in their daily jobs
    (DESIGN.md: jobs derive their work from the database, not from events)."""
    cadre.status = Cadre.Status.DECEASED
    cadre.deceased_on = on
    return cadre_save(cadre=cadre, by=by)


def cadre_has_work_records(cadre: Cadre) -> bool:
    """True when any row of another table PROTECTs the cadre (visits, dues, attendance,
    memberships, requests, plans, volunteer record, hospitalisations, payments …)."""
    for rel in Cadre._meta.related_objects:
        if rel.on_delete.__name__ != "PROTECT":
            continue
        if rel.related_model._base_manager.filter(**{rel.field.name: cadre}).exists():
            return True
    return False


@transaction.atomic
def cadre_change_status(*, cadre: Cadre, status: str, on: date, reason: str, by=None) -> Cadre:
    """Take a cadre off (or back onto) the register: 已故 / 迁出 / 注销 / 在册. The row and every
    record of work done for the cadre stay; the date, the reason and who did it are kept on the
    row and in its history. A reason is required."""
    from django.core.exceptions import ValidationError

    reason = (reason or "").strip()
    if status not in Cadre.Status.values:
        raise ValidationError({"status": "请选择有效的状态。"})
    if not reason:
        raise ValidationError({"left_reason": "请填写状态变更的原因。"})
    cadre.status = status
    if status == Cadre.Status.ACTIVE:
        cadre.deceased_on, cadre.left_on, cadre.left_reason = None, None, ""
    elif status == Cadre.Status.DECEASED:
        cadre.deceased_on, cadre.left_on, cadre.left_reason = on, on, reason[:200]
    else:
        cadre.deceased_on, cadre.left_on, cadre.left_reason = None, on, reason[:200]
    cadre._change_reason = reason[:100]
    return cadre_save(cadre=cadre, by=by)


@transaction.atomic
def hospitalization_save(*, record: Hospitalization, by=None) -> Hospitalization:
    if record.pk is None and by is not None:
        record.recorded_by = by
    record.full_clean()
    if by is not None:
        record._history_user = by
    record.save()
    record_id = record.pk
    transaction.on_commit(
        lambda: hospitalization_recorded.send(sender=Hospitalization, hospitalization_id=record_id)
    )
    return record


@transaction.atomic
def life_event_save(*, event: LifeEvent, by=None) -> LifeEvent:
    if event.pk is None and by is not None:
        event.recorded_by = by
    event.full_clean()
    if by is not None:
        event._history_user = by
    event.save()
    return event


@transaction.atomic
def family_contact_save(*, contact, by=None):
    contact.full_clean()
    if by is not None:
        contact._history_user = by
    contact.save()
    return contact
