"""The link from the cadre page to the cadre's 一员一卡 (apps/cadres/selectors.cadre_sections)."""

from django.urls import reverse

from .access import can_view

ORDER = 5


def section(*, cadre, user) -> dict | None:
    if not can_view(user):
        return None
    return {
        "title": "一员一卡",
        "template": "dashboard/_cadre_card_link.html",
        "context": {"url": reverse("dashboard:cadre_card", args=[cadre.pk])},
    }
