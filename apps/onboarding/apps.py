from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "apps.onboarding"
    label = "onboarding"
    verbose_name = "荣誉退休"

    def ready(self):
        from apps.notifications.kinds import register_kind

        from .models import Checklist
        from .services import KIND_STARTED

        register_kind(
            KIND_STARTED,
            "荣誉退休启动",
            still_relevant=lambda c: isinstance(c, Checklist) and c.completed_on is None,
        )
