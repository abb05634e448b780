"""The services section of the cadre page (apps/cadres/selectors.cadre_sections): visits, and
the cadre's current subsidies with their latest payments."""

from apps.accounts.masking import sees_sensitive

from .selectors import visits_for_cadre

ORDER = 30


def section(*, cadre, user) -> dict | None:
    # Visit titles name hospitals; subsidies are money: staff only (one rule, apps.accounts.masking).
    if not sees_sensitive(user):
        return None
    from .models import Payment
    from .views_subsidies import cadre_entitlements

    return {
        "title": "走访慰问与补贴",
        "template": "services/subsidies/_cadre_section.html",
        "context": {
            "cadre": cadre,
            "visits": list(visits_for_cadre(cadre=cadre, user=user)[:10]),
            "entitlements": list(cadre_entitlements(cadre=cadre, user=user)),
            "payments": list(
                Payment.objects.visible_to(user)
                .filter(cadre=cadre)
                .select_related("subsidy_type")
                .order_by("-month", "subsidy_type_id")[:6]
            ),
        },
    }
