from apps.core.jobs import register_job
from apps.notifications.kinds import register_kind

from .models import Rectification
from .services import dues_generate_month, political_birthdays_remind, rectifications_remind_overdue
from .services.rectifications import KIND_BIRTHDAYS, KIND_OVERDUE

register_kind(
    KIND_OVERDUE,
    "整改任务逾期",
    still_relevant=lambda r: isinstance(r, Rectification) and r.status != Rectification.Status.DONE,
)
register_kind(KIND_BIRTHDAYS, "政治生日提醒")

register_job("branches_rectifications_overdue", rectifications_remind_overdue, order=60)
register_job("branches_political_birthdays", political_birthdays_remind, order=61)
register_job("branches_dues_month", dues_generate_month, order=62)
