from django import template

from apps.accounts.font import CSS_CLASS, large_font

register = template.Library()


@register.simple_tag(takes_context=True)
def font_large(context) -> bool:
    """True when the page reads in 大字 (apps.accounts.font): base.html sets the class on <html>
    and the switch's state from it."""
    request = context.get("request")
    return request is not None and large_font(request)


@register.simple_tag(takes_context=True)
def font_class(context) -> str:
    return CSS_CLASS if font_large(context) else ""
