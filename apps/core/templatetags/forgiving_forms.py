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
