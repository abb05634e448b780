from datetime import date

from celery import shared_task
from django.utils import timezone

from . import services


def _day(on: str | None) -> date:
    return date.fromisoformat(on) if on else timezone.localdate()


@shared_task
def visits_generate(on: str | None = None) -> int:
    return services.visits_generate(on=_day(on))


@shared_task
def visits_mark_overdue(on: str | None = None) -> int:
    return services.visits_mark_overdue(on=_day(on))


@shared_task
def visits_remind(on: str | None = None) -> int:
    return services.visits_remind(on=_day(on))


@shared_task
def subsidy_batches_generate(on: str | None = None) -> int:
    return services.subsidy_batches_generate(on=_day(on))


@shared_task
def subsidies_remind(on: str | None = None) -> int:
    return services.subsidies_remind(on=_day(on))
