from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "apps.suggestions"
    label = "suggestions"
    verbose_name = "金点子（建言献策）"

    def ready(self):
        from apps.notifications.kinds import register_kind

        from .models import Suggestion
        from .services import KIND_OVERDUE

        register_kind(
            KIND_OVERDUE,
            "金点子逾期未答复",
            still_relevant=lambda s: (
                isinstance(s, Suggestion) and s.status == Suggestion.Status.ASSIGNED
            ),
        )
