"""The one error summary of every portal form (templates/core/_error_summary.html)."""

from django import template

register = template.Library()


@register.filter
def field_errors(form) -> list[tuple[str, str, str]]:
    """(anchor id, label, message) for each error of a field; non-field errors stay in the form."""
    items = []
    for field in form:
        for error in field.errors:
            anchor = field.id_for_label or field.auto_id or ""
            items.append((anchor, field.label, error))
    return items


@register.simple_tag
def bureau_phone() -> str:
    """The help-desk number from settings (no database: the 500 page uses it too)."""
    from django.conf import settings

    return settings.BUREAU_PHONE


@register.simple_tag
def lockout_minutes() -> int:
    """How long a locked account waits (AXES_COOLOFF_TIME in hours), in whole minutes."""
    from django.conf import settings

    hours = settings.AXES_COOLOFF_TIME or 0.5
    return max(1, round(float(hours) * 60))


@register.simple_tag
def portal_name() -> str:
    """The portal's name from settings, for pages rendered without context processors."""
    from django.conf import settings

    return settings.PORTAL_NAME
