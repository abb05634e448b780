from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "apps.casework"
    label = "casework"
    verbose_name = "一人一策与急难愁盼"

    def ready(self):
        from apps.notifications.kinds import register_kind

        from .models import ServicePlan, ServiceRequest

        register_kind(
            "plan_review",
            "服务方案待评估",
            still_relevant=lambda plan: (
                plan is not None and plan.status == ServicePlan.Status.ACTIVE
            ),
        )
        closed = ServiceRequest.Status.CLOSED
        register_kind(
            "request_assigned",
            "诉求分派",
            still_relevant=lambda r: r is not None and r.status != closed,
        )
        register_kind(
            "request_from_cadre",
            "老干部端诉求",
            still_relevant=lambda r: r is not None and r.status != closed and r.assignee_id is None,
        )
        register_kind(
            "request_overdue",
            "诉求超时",
            still_relevant=lambda r: r is not None and r.status != closed,
        )
