from django.apps import AppConfig


class BranchesConfig(AppConfig):
    name = "apps.branches"
    label = "branches"
    verbose_name = "党支部"

    def ready(self):
        # Kinds are registered here, not in jobs.py, so the delivery job (any process) knows them.
        from apps.notifications.kinds import register_kind

        from .models import Rectification
        from .services.rectifications import KIND_BIRTHDAYS, KIND_OVERDUE

        register_kind(
            KIND_OVERDUE,
            "整改任务逾期",
            still_relevant=lambda r: (
                isinstance(r, Rectification) and r.status != Rectification.Status.DONE
            ),
        )
        register_kind(KIND_BIRTHDAYS, "政治生日提醒")
