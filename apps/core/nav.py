"""Front-end navigation. Each app may define `NAV_ITEMS` in its own `nav.py`:

    NAV_ITEMS = [
        {"label": "我的支部", "url": "branches:portal", "roles": {"secretary"}, "order": 20},
    ]

`roles` None means every signed-in user; superusers see every item. Items whose URL does not
reverse are skipped, so an app can name a page before it exists. Items are grouped by app (the
app's verbose name): a group with one item is a plain link, a larger one a dropdown, so the
header stays one line however many pages the apps add.
"""

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from .discovery import app_modules

_items: list[dict] | None = None


def _all_items() -> list[dict]:
    global _items  # static per process: built from code, never from requests
    if _items is None:
        found = []
        for module in app_modules("nav"):
            config = apps.get_containing_app_config(module.__name__)
            found.extend(
                {"group": config.verbose_name, **item} for item in getattr(module, "NAV_ITEMS", [])
            )
        _items = sorted(found, key=lambda i: i.get("order", 100))
    return _items


def nav_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    result = []
    for item in _all_items():
        roles = item.get("roles")
        if roles is not None and not user.is_superuser and user.role not in roles:
            continue
        try:
            url = reverse(item["url"])
        except NoReverseMatch:
            continue
        result.append({"label": item["label"], "url": url, "group": item["group"]})
    return result


def nav_groups(items: list[dict]) -> list[dict]:
    """[{"label": group, "items": [...]}] in the order of each group's first item."""
    groups: dict[str, dict] = {}
    for item in items:
        groups.setdefault(item["group"], {"label": item["group"], "items": []})["items"].append(
            item
        )
    return list(groups.values())
