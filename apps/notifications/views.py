from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from . import kinds, services
from .models import Reminder
from .selectors import unread_count


@login_required
def inbox(request):
    show = request.GET.get("show", "unread")
    qs = Reminder.objects.visible_to(request.user).filter(recipient=request.user)
    if show == "unread":
        qs = qs.unread()
    page = Paginator(qs.order_by("-created_at", "-pk"), 30).get_page(request.GET.get("page"))
    for reminder in page:
        reminder.kind_label = kinds.label(reminder.kind)
    return render(
        request,
        "notifications/inbox.html",
        {"page_obj": page, "show": show, "unread": unread_count(user=request.user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def reminder_open(request, pk):
    """Follow a reminder to what it is about. Opening it from the inbox is a POST (the subject
    is a form button) and marks it read; a plain GET (a link in an e-mail, a prefetching
    browser or scanner) only redirects and changes nothing."""
    reminder = get_object_or_404(Reminder.objects.visible_to(request.user), pk=pk)
    if request.method == "POST":
        services.reminder_mark_read(reminder=reminder)
    if reminder.url and url_has_allowed_host_and_scheme(
        reminder.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(reminder.url)
    return redirect("notifications:inbox")


@require_POST
@login_required
def reminder_read(request, pk):
    reminder = get_object_or_404(Reminder.objects.visible_to(request.user), pk=pk)
    services.reminder_mark_read(reminder=reminder)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@require_POST
@login_required
def reminders_read_all(request):
    count = services.reminders_mark_all_read(user=request.user)
    messages.info(request, f"已将 {count} 条提醒标为已读。")
    return redirect("notifications:inbox")
