from django.apps import AppConfig
from django.db.models.signals import post_migrate


def install_change_triggers(sender, using="default", **kwargs):
    """After every migrate: the change triggers on each table a job watches (apps.core.changes),
    so a new `inputs=` declaration is tracked without a migration of its own."""
    from .changes import install_triggers
    from .jobs import tracked_tables

    install_triggers(tracked_tables(), using=using)


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "公共"

    def ready(self):
        post_migrate.connect(install_change_triggers, sender=self, dispatch_uid="core-triggers")
