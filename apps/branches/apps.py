from django.apps import AppConfig


class BranchesConfig(AppConfig):
    name = "apps.branches"
    label = "branches"
    verbose_name = "党支部"
