from datetime import datetime, timedelta

from django.db.models import Count, DateField, Prefetch, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from apps.accounts.scope import scope_q

from .models import Delivery, Dispatch, FailureReason, Reminder


def unread_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return Reminder.objects.filter(recipient=user).unread().count()


def delivery_report(*, reminder: Reminder) -> list[Delivery]:
    """Each channel's delivery of `reminder`, with its sends (attempts) and their answers."""
    return list(
        reminder.deliveries.order_by("channel").prefetch_related(
            Prefetch("dispatches", queryset=Dispatch.objects.order_by("started_at", "pk"))
        )
    )


def failures_by_week(*, user, weeks: int = 8, now: datetime | None = None) -> dict:
    """Failed sends by reason and ISO week (Asia/Shanghai) for the people in `user`'s scope:
    {"weeks": [date, …], "rows": [{"reason", "label", "counts": [n per week], "total"}]}."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first_week = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    qs = (
        Dispatch.objects.filter(scope_q(user, unit="recipient__unit"))
        .exclude(outcome=Dispatch.Outcome.SENT)
        .filter(started_at__date__gte=first_week)
        .annotate(week=TruncWeek("started_at", output_field=DateField()))
        .values("week", "reason")
        .annotate(n=Count("pk"))
    )
    week_list = [first_week + timedelta(days=7 * i) for i in range(weeks)]
    counts: dict[str, dict] = {}
    for row in qs:
        counts.setdefault(row["reason"] or FailureReason.OTHER, {})[row["week"]] = row["n"]
    labels = dict(FailureReason.choices)
    rows = [
        {
            "reason": reason,
            "label": labels.get(reason, reason),
            "counts": [by_week.get(w, 0) for w in week_list],
            "total": sum(by_week.values()),
        }
        for reason, by_week in sorted(counts.items(), key=lambda i: -sum(i[1].values()))
    ]
    return {"weeks": week_list, "rows": rows}


def postponed_count(*, user) -> int:
    """Deliveries waiting for quiet hours or the daily cap, in `user`'s scope."""
    return (
        Delivery.objects.filter(
            scope_q(user, unit="reminder__recipient__unit"),
            status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED],
        )
        .filter(Q(last_reason=FailureReason.QUIET_HOURS) | Q(last_reason=FailureReason.DAILY_CAP))
        .count()
    )
