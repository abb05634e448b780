from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "apps.volunteers"
    label = "volunteers"
    verbose_name = "志愿服务"
