"""Daily visit jobs, run in order by beat (apps.core.tasks) and by `manage.py run_daily_jobs`."""

from apps.core.jobs import register_job

from .services import visits_generate, visits_mark_overdue, visits_remind

register_job("visits_generate", visits_generate, order=10)
register_job("visits_mark_overdue", visits_mark_overdue, order=20)
register_job("visits_remind", visits_remind, order=30)

# Subsidies, plans and requests (after the visits jobs).
from .services import (  # noqa: E402
    plans_remind,
    requests_remind,
    subsidies_remind,
    subsidy_batches_generate,
)

register_job("subsidy_batches_generate", subsidy_batches_generate, order=40)
register_job("subsidies_remind", subsidies_remind, order=41)
register_job("plans_remind", plans_remind, order=50)
register_job("requests_remind", requests_remind, order=51)
