from django.apps import AppConfig


class CadresideConfig(AppConfig):
    name = "apps.cadreside"
    label = "cadreside"
    verbose_name = "老干部端"
