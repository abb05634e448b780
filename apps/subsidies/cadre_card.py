"""The subsidies section of the cadre page (apps/cadres/selectors.cadre_sections): the cadre's
current entitlements and their latest payments."""

from apps.accounts.masking import sees_sensitive

from .selectors import cadre_entitlements, cadre_payments

ORDER = 31


def section(*, cadre, user) -> dict | None:
    # Subsidies are money: staff only (one rule, apps.accounts.masking).
    if not sees_sensitive(user):
        return None
    return {
        "title": "补贴发放",
        "template": "subsidies/_cadre_section.html",
        "context": {
            "cadre": cadre,
            "entitlements": list(cadre_entitlements(cadre=cadre, user=user)),
            "payments": list(cadre_payments(cadre=cadre, user=user)[:6]),
        },
    }
