"""Re-run the services app's seeding data migrations (visit rules 0002, subsidy types, needs and
urgencies 0005) when a transactional test elsewhere flushed their rows. Those migrations ask the
historical registry for `services.<Model>`; today the models live in visits, subsidies and
casework, so the live registry is asked under the new labels. The seeds are get_or_create."""

import importlib

from django.apps import apps

MOVED_TO = ("visits", "subsidies", "casework")


class _LiveRegistry:
    def get_model(self, app_label: str, model_name: str):
        if app_label != "services":
            return apps.get_model(app_label, model_name)
        for label in MOVED_TO:
            try:
                return apps.get_model(label, model_name)
            except LookupError:
                continue
        raise LookupError(f"services.{model_name}")


def run_services_seed(migration: str) -> None:
    importlib.import_module(f"apps.services.migrations.{migration}").seed(_LiveRegistry(), None)
