from django.apps import AppConfig


class CadresConfig(AppConfig):
    name = "apps.cadres"
    label = "cadres"
    verbose_name = "干部名册"
