"""Reminders about visits, through the shared interface (apps.notifications.services)."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from apps.notifications.models import Reminder
from apps.notifications.services import ReminderSpec, remind_many

from ..models import Visit, VisitRule

KIND_DUE = "visit_due"
KIND_OVERDUE = "visit_overdue"


def campaign_notice_days() -> int:
    return settings.CAMPAIGN_NOTICE_DAYS


def _without_reminder(qs, kind: str):
    # Skip visits already reminded, so a second run builds nothing (not just inserts nothing).
    already = Reminder.objects.filter(
        recipient_id=OuterRef("assignee_id"),
        key=Concat(Value(f"{kind}:"), Cast(OuterRef("pk"), CharField()), output_field=CharField()),
    )
    return qs.filter(~Exists(already))


def _specs(qs, *, kind: str, on: date) -> list[ReminderSpec]:
    detail = reverse("visits:visit_detail", args=[0]).replace("/0/", "/{}/")
    specs = []
    rows = qs.values_list("pk", "assignee_id", "due_date", "title", "cadre__name")
    for pk, assignee_id, due, title, name in rows.iterator(chunk_size=5000):
        if kind == KIND_DUE:
            subject = f"走访提醒：{name}·{title}，请于{due.month}月{due.day}日前完成"
        else:
            subject = f"走访逾期：{name}·{title}，应于{due.month}月{due.day}日完成"
        specs.append(
            ReminderSpec(
                recipient_id=assignee_id,
                kind=kind,
                key=f"{kind}:{pk}",
                subject=subject,
                due_on=due,
                target=Visit(pk=pk),
                url=detail.format(pk),
            )
        )
    return specs


def visits_remind(*, on: date) -> int:
    """Remind assignees of planned visits due within the rule's notice days, and of overdue
    visits, for rules that remind (campaign visits always do). One reminder per (assignee,
    visit, kind): running twice creates nothing new."""
    window = Q(campaign__isnull=False, due_date__range=(on, on + timedelta(campaign_notice_days())))
    for rule_id, notice in VisitRule.objects.filter(remind_assignee=True).values_list(
        "pk", "notice_days"
    ):
        window |= Q(rule_id=rule_id, due_date__range=(on, on + timedelta(days=notice)))
    base = Visit.objects.filter(assignee__isnull=False).order_by()
    due = _without_reminder(base.filter(window, status=Visit.Status.PLANNED), KIND_DUE)
    overdue = _without_reminder(
        base.filter(status=Visit.Status.OVERDUE).filter(
            Q(rule__isnull=True) | Q(rule__remind_assignee=True)
        ),
        KIND_OVERDUE,
    )
    specs = _specs(due, kind=KIND_DUE, on=on) + _specs(overdue, kind=KIND_OVERDUE, on=on)
    return remind_many(specs)
