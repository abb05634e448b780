from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "apps.publicity"
    label = "publicity"
    verbose_name = "宣传"
