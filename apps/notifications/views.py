from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.access import deny, is_unit_staff

from . import kinds, services
from .channels import CHANNELS
from .forms import PreferenceForm, TestNoticeForm
from .models import Preference, Reminder
from .notice import test_notice_send
from .preferences import channels_for, daily_cap_for, preference_save, quiet_hours_for
from .selectors import delivery_report, failures_by_week, postponed_count, unread_count


def _staff_only(user) -> None:
    if not is_unit_staff(user):
        deny("仅限工作人员")


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _groups(page, base_qs) -> list[dict]:
    """The page's reminders grouped by (kind, day) in page order, each with its full count:
    a night's 97 reminders of one kind read as one group, not 97 lines."""
    groups: dict[tuple, dict] = {}
    for reminder in page:
        key = (reminder.kind, reminder.day)
        groups.setdefault(
            key,
            {"kind": reminder.kind, "label": reminder.kind_label, "day": reminder.day, "items": []},
        )["items"].append(reminder)
    if groups:
        days = [d for _, d in groups]
        totals = {
            (row["kind"], row["day"]): row["n"]
            for row in base_qs.filter(
                kind__in={k for k, _ in groups},
                created_at__date__gte=min(days),
                created_at__date__lte=max(days),
            )
            .annotate(day=TruncDate("created_at"))
            .values("kind", "day")
            .annotate(n=Count("pk"))
        }
        for key, group in groups.items():
            group["total"] = totals.get(key, len(group["items"]))
    return list(groups.values())


@login_required
def inbox(request):
    show = request.GET.get("show", "unread")
    if show not in ("unread", "all"):
        show = "unread"
    qs = Reminder.objects.visible_to(request.user).filter(recipient=request.user)
    if show == "unread":
        qs = qs.unread()
    base_qs = qs
    kind, day = request.GET.get("kind", "")[:50], _day(request.GET.get("day", ""))
    if kind:
        qs = qs.filter(kind=kind)
    if day:
        qs = qs.filter(created_at__date=day)
    page = Paginator(
        qs.annotate(day=TruncDate("created_at")).order_by("-created_at", "-pk"), 30
    ).get_page(request.GET.get("page"))
    for reminder in page:
        reminder.kind_label = kinds.label(reminder.kind)
    query = f"show={show}" + (f"&kind={kind}" if kind else "") + (f"&day={day}" if day else "")
    return render(
        request,
        "notifications/inbox.html",
        {
            "page_obj": page,
            "groups": _groups(page, base_qs),
            "show": show,
            "kind_filter": kinds.label(kind) if kind else "",
            "day_filter": day,
            "query": query,
            "unread": unread_count(user=request.user),
        },
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
    kind, day = request.POST.get("kind", "")[:50], _day(request.POST.get("day", ""))
    if kind or day:
        count = services.reminders_mark_group_read(user=request.user, kind=kind, day=day)
    else:
        count = services.reminders_mark_all_read(user=request.user)
    messages.info(request, f"已将 {count} 条提醒标为已读。")
    return redirect("notifications:inbox")


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request):
    """The signed-in person's own channels, numbers, quiet hours and daily cap."""
    hours = quiet_hours_for(request.user)
    summary = {
        "current_channels": [CHANNELS[c].label for c in channels_for(request.user)],
        "quiet": f"{hours[0]:%H:%M}–{hours[1]:%H:%M}" if hours else "",
        "cap": daily_cap_for(request.user),
    }
    instance = Preference.objects.filter(user=request.user).first() or Preference(
        user=request.user, channels=channels_for(request.user)
    )
    form = PreferenceForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        preference_save(user=request.user, **fields)
        messages.success(request, "提醒设置已保存。")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, **summary})


@login_required
def reminder_deliveries(request, pk):
    """Each channel's attempts, the providers' answers and the final state of one reminder."""
    reminder = get_object_or_404(
        Reminder.objects.reportable_by(request.user).select_related("recipient"), pk=pk
    )
    reminder.kind_label = kinds.label(reminder.kind)
    rows = delivery_report(reminder=reminder)
    for row in rows:
        channel = CHANNELS.get(row.channel)
        row.channel_label = channel.label if channel else row.channel
    return render(
        request,
        "notifications/deliveries.html",
        {"reminder": reminder, "deliveries": rows},
    )


@login_required
def delivery_failures(request):
    """Staff: failed sends by reason per week in their scope."""
    _staff_only(request.user)
    table = failures_by_week(user=request.user)
    return render(
        request,
        "notifications/report.html",
        {
            "table": table,
            "week_ends": [w + timedelta(days=6) for w in table["weeks"]],
            "postponed": postponed_count(user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def test_notice(request):
    """Staff: 发送测试消息 through one channel, showing the provider's answer."""
    _staff_only(request.user)
    form = TestNoticeForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = test_notice_send(
            channel=form.cleaned_data["channel"], to=form.cleaned_data["to"], by=request.user
        )
    return render(request, "notifications/test_notice.html", {"form": form, "result": result})
