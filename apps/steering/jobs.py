from apps.core.jobs import register_job

from .services import tasks_remind_overdue

register_job("steering_tasks_overdue", tasks_remind_overdue, order=70)
