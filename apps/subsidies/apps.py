from django.apps import AppConfig


class SubsidiesConfig(AppConfig):
    name = "apps.subsidies"
    label = "subsidies"
    verbose_name = "补贴发放"

    def ready(self):
        from apps.notifications.kinds import register_kind

        from .models import PaymentBatch

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
