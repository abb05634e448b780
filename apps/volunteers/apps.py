from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "apps.volunteers"
    label = "volunteers"
    verbose_name = "志愿服务"

    def ready(self):
        from apps.notifications.kinds import register_kind

        from .services.activities import PENDING_KIND, still_pending

        register_kind(PENDING_KIND, "志愿服务时长待确认", still_relevant=still_pending)
