from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "apps.services"
    label = "services"
    verbose_name = "精准服务"

    def ready(self):
        from apps.notifications.kinds import register_kind

        from .models import Visit

        register_kind(
            "visit_due",
            "走访到期",
            still_relevant=lambda visit: visit is not None and visit.status == Visit.Status.PLANNED,
        )
        register_kind(
            "visit_overdue",
            "走访逾期",
            still_relevant=lambda visit: visit is not None and visit.status == Visit.Status.OVERDUE,
        )
        self._register_subsidy_kinds(register_kind)

    @staticmethod
    def _register_subsidy_kinds(register_kind):
        from .models import PaymentBatch, ServicePlan, ServiceRequest

        draft, submitted = PaymentBatch.Status.DRAFT, PaymentBatch.Status.SUBMITTED
        register_kind("subsidy_batch_due", "补贴批次待生成")
        register_kind(
            "subsidy_batch_draft",
            "补贴批次待审核",
            still_relevant=lambda batch: batch is not None and batch.status == draft,
        )
        register_kind(
            "subsidy_batch_submitted",
            "补贴批次待审批",
            still_relevant=lambda batch: batch is not None and batch.status == submitted,
        )
        register_kind("entitlement_ending", "补贴即将到期", still_relevant=lambda e: e is not None)
        register_kind(
            "subsidy_eligible",
            "符合补贴条件",
            still_relevant=lambda cadre: cadre is not None and not cadre.is_deceased,
        )
        register_kind("subsidy_deceased", "已故停发补贴")
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
            "request_overdue",
            "诉求超时",
            still_relevant=lambda r: r is not None and r.status != closed,
        )
