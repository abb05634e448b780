from django import template

from apps.accounts.masking import shown

register = template.Library()


@register.simple_tag(takes_context=True)
def pii(context, value, kind="id"):
    """{% pii cadre.id_number "id" %}: the value whole or masked, by the viewer's permission."""
    return shown(context["request"].user, value, kind)


@register.filter
def age_on(cadre, day):
    """{{ cadre|age_on:today }}: completed years (周岁)."""
    return cadre.age_on(day)
