"""Daily plan and request reminders (after the subsidy jobs), run in order by beat
(apps.core.tasks) and by `manage.py run_daily_jobs`."""

from apps.core.jobs import register_job

from .services import plans_remind, requests_remind

register_job("plans_remind", plans_remind, order=50)
register_job("requests_remind", requests_remind, order=51)
