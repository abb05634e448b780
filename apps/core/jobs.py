"""Registry of scheduled jobs. Each app registers its service functions in its own `jobs.py`:

    register_job("visits_generate", visits_generate, order=10)

A job is a function `(*, on: date) -> int` of the database state, safe to run twice or
concurrently (DESIGN.md, "Scheduled work"). Celery beat runs the daily ones in `order` as one
chain (apps/core/tasks.py); `manage.py run_daily_jobs --date D` runs the same functions for any
day, for catch-up after an outage and for tests.

A job that declares what it reads (`inputs=[watch(Cadre), watch(VisitRule), ...]`, and the
settings it depends on) is skipped when nothing it reads changed since its last complete run for
the same day, and may run narrowed to the changed keys (`narrow=`): apps.core.changes. A job
without `inputs` runs every time.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.module_loading import autodiscover_modules

from . import changes
from .changes import Watch

logger = logging.getLogger(__name__)

DAILY = "daily"
FREQUENT = "frequent"


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[..., int]
    frequency: str
    order: int
    inputs: tuple[Watch, ...] | None = None
    settings: tuple[str, ...] = ()
    narrow: Callable[..., int] | None = None


_registry: dict[str, Job] = {}


def register_job(
    name: str,
    func: Callable[..., int],
    *,
    frequency: str = DAILY,
    order: int = 100,
    inputs: list[Watch] | None = None,
    settings: tuple[str, ...] = (),
    narrow: Callable[..., int] | None = None,
):
    """`inputs`: every table the job reads, as apps.core.changes.watch(...) (None: it cannot say,
    so it runs every time). `settings`: the names of the settings it depends on. `narrow`:
    `(*, on, changed: {model: keys}) -> int`, the same work for the changed keys only."""
    _registry[name] = Job(
        name=name,
        func=func,
        frequency=frequency,
        order=order,
        inputs=tuple(inputs) if inputs is not None else None,
        settings=tuple(settings),
        narrow=narrow,
    )
    return func


def jobs(frequency: str | None = None) -> list[Job]:
    autodiscover_modules("jobs")
    found = [j for j in _registry.values() if frequency is None or j.frequency == frequency]
    return sorted(found, key=lambda j: (j.order, j.name))


def run_job(name: str, *, on: date, force: bool = False) -> int:
    """Run a job for `on`; `force` ignores its watermark (it still records a new one)."""
    autodiscover_modules("jobs")
    job = _registry[name]
    if job.inputs is None:
        created = job.func(on=on)
    else:
        created = changes.run(
            name,
            job.func,
            on=on,
            watches=list(job.inputs),
            setting_names=job.settings,
            narrow=job.narrow,
            force=force,
        )
    logger.info("job %s for %s: %s", name, on.isoformat(), created)
    return created


def _register_core_jobs() -> None:
    from .pending import pending_sweep

    register_job("core_pending_sweep", pending_sweep, order=900)
    # Last: the change log the day's runs no longer need.
    register_job("core_changes_prune", changes.changes_prune, order=990)


def tracked_tables() -> dict[str, changes.Tracked]:
    """The tables some job watches, with their trigger configuration."""
    return changes.tracked(w for job in jobs() if job.inputs for w in job.inputs)


_register_core_jobs()
