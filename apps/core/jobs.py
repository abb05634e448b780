"""Registry of scheduled jobs. Each app registers its service functions in its own `jobs.py`:

    register_job("visits_generate", visits_generate, order=10)

A job is a function `(*, on: date) -> int` of the database state, safe to run twice or
concurrently (DESIGN.md, "Scheduled work"). Celery beat runs the daily ones in `order` as one
chain (apps/core/tasks.py); `manage.py run_daily_jobs --date D` runs the same functions for any
day, for catch-up after an outage and for tests.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)

DAILY = "daily"
FREQUENT = "frequent"


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[..., int]
    frequency: str
    order: int


_registry: dict[str, Job] = {}


def register_job(name: str, func: Callable[..., int], *, frequency: str = DAILY, order: int = 100):
    _registry[name] = Job(name=name, func=func, frequency=frequency, order=order)
    return func


def jobs(frequency: str | None = None) -> list[Job]:
    autodiscover_modules("jobs")
    found = [j for j in _registry.values() if frequency is None or j.frequency == frequency]
    return sorted(found, key=lambda j: (j.order, j.name))


def run_job(name: str, *, on: date) -> int:
    autodiscover_modules("jobs")
    job = _registry[name]
    created = job.func(on=on)
    logger.info("job %s for %s: %s", name, on.isoformat(), created)
    return created


def _register_core_jobs() -> None:
    from .pending import pending_sweep

    register_job("core_pending_sweep", pending_sweep, order=900)


_register_core_jobs()
