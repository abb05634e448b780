"""The one module loader: each portal app's `<name>.py` (nav, cadre_card, demo, jobs …).

Django's `autodiscover_modules` imports the module of every installed app that has one (and
re-raises an error inside it); this returns the portal apps' modules, in app order."""

import sys
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import autodiscover_modules


def app_modules(name: str, *, exclude: tuple[str, ...] = ()) -> list[ModuleType]:
    autodiscover_modules(name)
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("apps.") or config.label in exclude:
            continue
        module = sys.modules.get(f"{config.name}.{name}")
        if module is not None:
            found.append(module)
    return found
