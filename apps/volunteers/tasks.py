from datetime import date

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def volunteers_deactivate_deceased(on: str | None = None) -> int:
    day = date.fromisoformat(on) if on else timezone.localdate()
    return services.volunteers_deactivate_deceased(on=day)
