from apps.core.jobs import FREQUENT, register_job

from .services import dashboard_cache_warm

# Last among the frequent jobs: the figures then include what the others just wrote.
register_job("dashboard_cache_warm", dashboard_cache_warm, frequency=FREQUENT, order=900)
