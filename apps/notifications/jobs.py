from apps.core.jobs import register_job

from .delivery import reminders_deliver

register_job("reminders_deliver", reminders_deliver, frequency="frequent", order=90)
