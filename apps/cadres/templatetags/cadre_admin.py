"""The admin cadre list's lean rows (issue 21): each cell keeps its `field-…` class, its label and
its content; unfold's ~600 bytes of utility classes per cell become the one class `c` that
static/css/admin_cadre_list.css styles the same way."""

from django import template
from django.utils.safestring import mark_safe
from unfold.templatetags.unfold_list import ROW_CLASSES

register = template.Library()

_UNFOLD_CELL = " ".join(ROW_CLASSES)


@register.filter
def lean_cell(html):
    # Only unfold's own constant class string is replaced; the cell's content was escaped by
    # format_html before and is left as it is.
    return mark_safe(str(html).replace(_UNFOLD_CELL, "c", 1))  # noqa: S308
