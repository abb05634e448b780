"""Daily subsidy jobs (after the visits jobs), run in order by beat (apps.core.tasks) and by
`manage.py run_daily_jobs`."""

from apps.core.jobs import register_job

from .services import subsidies_remind, subsidy_batches_generate

register_job("subsidy_batches_generate", subsidy_batches_generate, order=40)
register_job("subsidies_remind", subsidies_remind, order=41)
