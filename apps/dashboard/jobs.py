from apps.core.jobs import FREQUENT, register_job

from .facts import dashboard_facts_refresh
from .services import dashboard_cache_warm

# The facts of what changed first, then the cache warm; both last among the frequent jobs, so
# the figures include what the others just wrote.
register_job("dashboard_facts_refresh", dashboard_facts_refresh, frequency=FREQUENT, order=850)
register_job("dashboard_cache_warm", dashboard_cache_warm, frequency=FREQUENT, order=900)
