"""Daily visit jobs, run in order by beat (apps.core.tasks) and by `manage.py run_daily_jobs`."""

from apps.core.jobs import register_job

from .services import visits_generate, visits_mark_overdue, visits_remind

register_job("visits_generate", visits_generate, order=10)
register_job("visits_mark_overdue", visits_mark_overdue, order=20)
register_job("visits_remind", visits_remind, order=30)
