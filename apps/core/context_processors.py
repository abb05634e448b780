from django.conf import settings

from apps.notifications.selectors import unread_count

from .nav import nav_for, nav_groups


def portal(request):
    user = getattr(request, "user", None)
    context = {"portal_name": settings.PORTAL_NAME, "nav_items": [], "nav_groups": []}
    if user is not None and user.is_authenticated:
        context["nav_items"] = nav_for(user)
        context["nav_groups"] = nav_groups(context["nav_items"])
        context["scope_label"] = scope_label(user)
        context["unread_reminders"] = unread_count(user=user)
    return context


def scope_label(user) -> str:
    if user.is_superuser:
        return "全市（系统管理员）"
    if user.unit_id:
        return user.unit.name
    return ""
