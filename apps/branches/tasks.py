"""Thin Celery wrappers (ISO dates in, counts out); beat runs the same functions via jobs.py."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from . import services


def _day(on: str | None) -> date:
    return date.fromisoformat(on) if on else timezone.localdate()


@shared_task
def rectifications_remind_overdue(on: str | None = None) -> int:
    return services.rectifications_remind_overdue(on=_day(on))


@shared_task
def political_birthdays_remind(on: str | None = None) -> int:
    return services.political_birthdays_remind(on=_day(on))


@shared_task
def dues_generate_month(on: str | None = None) -> int:
    return services.dues_generate_month(on=_day(on))
