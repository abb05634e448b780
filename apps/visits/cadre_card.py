"""The visits section of the cadre page (apps/cadres/selectors.cadre_sections): the cadre's
latest visits and a link to all of them."""

from apps.accounts.masking import sees_sensitive

from .selectors import visits_for_cadre

ORDER = 30


def section(*, cadre, user) -> dict | None:
    # Visit titles name hospitals: staff only (one rule, apps.accounts.masking).
    if not sees_sensitive(user):
        return None
    return {
        "title": "走访慰问",
        "template": "visits/_cadre_section.html",
        "context": {"cadre": cadre, "visits": list(visits_for_cadre(cadre=cadre, user=user)[:10])},
    }
