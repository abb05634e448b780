from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "apps.events"
    label = "events"
    verbose_name = "活动通知"

    def ready(self):
        from apps.notifications.kinds import register_kind

        from .services import KIND_INVITATION, KIND_TOMORROW, still_relevant, still_unanswered

        register_kind(KIND_INVITATION, "活动邀请", still_relevant=still_unanswered)
        register_kind(KIND_TOMORROW, "明天有活动", still_relevant=still_relevant)
