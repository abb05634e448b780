"""Writes to the register. Views, admin, the import and commands call these."""

from datetime import date

from django.db import transaction

from .models import Cadre, Hospitalization, LifeEvent


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


@transaction.atomic
def hospitalization_save(*, record: Hospitalization, by=None) -> Hospitalization:
    if record.pk is None and by is not None:
        record.recorded_by = by
    record.full_clean()
    if by is not None:
        record._history_user = by
    record.save()
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
