"""The casework section of the cadre page (apps/cadres/selectors.cadre_sections): the cadre's
一人一策 plan in force and requests still open, with links to record new ones."""

from apps.accounts.masking import sees_sensitive

from .selectors import cadre_open_requests, cadre_plans

ORDER = 32


def section(*, cadre, user) -> dict | None:
    # Plans and requests describe health and family circumstances: staff only.
    if not sees_sensitive(user):
        return None
    return {
        "title": "一人一策与急难愁盼",
        "template": "casework/_cadre_section.html",
        "context": {
            "cadre": cadre,
            "plans": list(cadre_plans(cadre=cadre, user=user)[:5]),
            "requests": list(cadre_open_requests(cadre=cadre, user=user)[:5]),
        },
    }
