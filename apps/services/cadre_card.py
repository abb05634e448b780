"""The visits section of the cadre page (apps/cadres/selectors.cadre_sections)."""

from apps.accounts.models import Role

from .selectors import visits_for_cadre

ORDER = 30


def section(*, cadre, user) -> dict | None:
    if not (user.is_superuser or user.role in (Role.BUREAU_STAFF, Role.DISTRICT_STAFF)):
        return None
    return {
        "title": "走访慰问",
        "template": "services/_cadre_section.html",
        "context": {"cadre": cadre, "visits": list(visits_for_cadre(cadre=cadre, user=user)[:10])},
    }
