from django.apps import AppConfig


class UniversityConfig(AppConfig):
    name = "apps.university"
    label = "university"
    verbose_name = "老年大学"

    def ready(self):
        # Kinds are registered here, not in jobs.py, so the delivery job (any process) knows them.
        from apps.notifications.kinds import register_kind

        from .models import Application, ClassSession
        from .services import KIND_MOVED_UP, KIND_PLACE, KIND_TOMORROW

        def enrolled(application) -> bool:
            return (
                isinstance(application, Application)
                and application.status == Application.Status.ENROLLED
            )

        register_kind(KIND_PLACE, "老年大学录取", still_relevant=enrolled)
        register_kind(KIND_MOVED_UP, "老年大学候补递补", still_relevant=enrolled)
        register_kind(
            KIND_TOMORROW,
            "老年大学明日上课",
            still_relevant=lambda s: (
                isinstance(s, ClassSession) and s.status == ClassSession.Status.SCHEDULED
            ),
        )
