from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "apps.publicity"
    label = "publicity"
    verbose_name = "宣传"

    def ready(self):
        from apps.notifications.kinds import register_kind

        register_kind(
            "article_pending",
            "稿件待审",
            still_relevant=lambda article: article.status == "pending",
        )
        register_kind(
            "article_returned",
            "稿件被退回",
            still_relevant=lambda article: article.status == "returned",
        )
