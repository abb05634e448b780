from django import template

from apps.publicity.site import public_site_name as _name

register = template.Library()


@register.simple_tag
def public_site_name() -> str:
    return _name()
