from apps.core.jobs import register_job

from .services import suggestions_remind_overdue

register_job("suggestions_remind_overdue", suggestions_remind_overdue, order=80)
