from django import template

from ..personal_access import accesses_about

register = template.Library()


@register.inclusion_tag("accounts/_personal_access.html", takes_context=True)
def personal_access_log(context, cadre):
    """ "谁查看过" on a cadre's page: staff only, scoped to the accesses of their subtree."""
    user = context["request"].user
    staff = user.is_authenticated and (user.is_superuser or user.is_staff_role)
    return {
        "show": staff,
        "accesses": accesses_about(cadre_id=cadre.pk, user=user) if staff else [],
    }
