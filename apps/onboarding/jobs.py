from apps.core.jobs import register_job

from .services import checklists_start

register_job("onboarding_checklists_start", checklists_start, order=71)
