from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender, app_config=None, **kwargs):
    from django.apps import apps

    # Permissions are created app by app during post_migrate: sync after the last app's.
    if app_config is not list(apps.get_app_configs())[-1]:
        return
    from .roles import sync_role_groups

    sync_role_groups()


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "账户与组织"

    def ready(self):
        # Setup, not business logic: role groups must exist with every model's permissions.
        post_migrate.connect(_sync_roles, dispatch_uid="accounts_sync_roles")
