from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "apps.steering"
    label = "steering"
    verbose_name = "工作督导"

    def ready(self):
        # Kinds are registered here, not in jobs.py, so the delivery job (any process) knows them.
        from apps.notifications.kinds import register_kind

        from .models import TaskAssignment
        from .services import KIND_ESCALATED, KIND_OVERDUE

        def still_open(target) -> bool:
            return isinstance(target, TaskAssignment) and target.status in (
                TaskAssignment.OPEN_STATES
            )

        register_kind(KIND_OVERDUE, "任务清单事项逾期", still_relevant=still_open)
        register_kind(KIND_ESCALATED, "任务清单督办", still_relevant=still_open)
