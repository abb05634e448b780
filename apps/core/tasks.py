from datetime import date

from celery import chain, shared_task
from django.utils import timezone

from . import jobs


def _day(on: str | None) -> str:
    return on or timezone.localdate().isoformat()


@shared_task
def run_job(name: str, on: str) -> int:
    return jobs.run_job(name, on=date.fromisoformat(on))


def _run_chain(frequency: str, on: str | None) -> int:
    day = _day(on)
    names = [j.name for j in jobs.jobs(frequency)]
    if names:
        # A chain keeps the order (generate visits before reminding about them); each link is
        # idempotent, so a redelivered or repeated link changes nothing.
        chain(run_job.si(name, day) for name in names).apply_async()
    return len(names)


@shared_task
def run_daily_jobs(on: str | None = None) -> int:
    return _run_chain(jobs.DAILY, on)


@shared_task
def run_frequent_jobs(on: str | None = None) -> int:
    return _run_chain(jobs.FREQUENT, on)
