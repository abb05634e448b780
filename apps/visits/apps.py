from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "apps.visits"
    label = "visits"
    verbose_name = "走访慰问"

    def ready(self):
        from apps.cadres.signals import event_missed
        from apps.notifications.kinds import register_kind

        from .models import Visit
        from .receivers import plan_visit_for_missed_event

        # Events ask for a visit for whoever could not come (apps.events never imports visits).
        event_missed.connect(plan_visit_for_missed_event, dispatch_uid="visits_event_missed")
        # A hospitalisation saved in the register plans its visit at once (apps.cadres.signals).
        from apps.cadres.signals import hospitalization_recorded

        from .receivers import plan_visit_for_hospitalization

        hospitalization_recorded.connect(
            plan_visit_for_hospitalization, dispatch_uid="visits_hospitalization_recorded"
        )

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
