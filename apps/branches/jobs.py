from apps.core.jobs import register_job

from .services import dues_generate_month, political_birthdays_remind, rectifications_remind_overdue

register_job("branches_rectifications_overdue", rectifications_remind_overdue, order=60)
register_job("branches_political_birthdays", political_birthdays_remind, order=61)
register_job("branches_dues_month", dues_generate_month, order=62)
