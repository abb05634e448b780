from celery import shared_task
from django.utils import timezone

from .delivery import reminders_deliver as deliver


@shared_task
def reminders_deliver(on: str | None = None) -> int:
    return deliver(now=timezone.now())
