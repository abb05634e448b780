"""Reminders about visits, through the shared interface (apps.notifications.services)."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Cast, Concat, ExtractDay, ExtractMonth
from django.urls import reverse

from apps.notifications.services import remind_from

from ..models import Visit, VisitRule

KIND_DUE = "visit_due"
KIND_OVERDUE = "visit_overdue"

# The subject as the assignee reads it: "走访提醒：张建国·重阳节（2026），请于10月29日前完成".
_SUBJECT = {
    KIND_DUE: ("走访提醒：", "，请于", "日前完成"),
    KIND_OVERDUE: ("走访逾期：", "，应于", "日完成"),
}


def campaign_notice_days() -> int:
    return settings.CAMPAIGN_NOTICE_DAYS


def _text(expression):
    return Cast(expression, CharField())


def _key(kind: str):
    return Concat(Value(f"{kind}:"), _text("pk"), output_field=CharField())


def _visits():
    return Visit.objects.filter(assignee__isnull=False).order_by()


def _remind(qs, *, kind: str) -> int:
    head, middle, tail = _SUBJECT[kind]
    subject = Concat(
        Value(head),
        F("cadre__name"),
        Value("·"),
        F("title"),
        Value(middle),
        _text(ExtractMonth("due_date")),
        Value("月"),
        _text(ExtractDay("due_date")),
        Value(tail),
        output_field=CharField(),
    )
    before, after = reverse("visits:visit_detail", args=[0]).rsplit("/0/", 1)
    url = Concat(Value(f"{before}/"), _text("pk"), Value(f"/{after}"), output_field=CharField())
    return remind_from(
        qs,
        kind=kind,
        recipient="assignee_id",
        key=_key(kind),
        subject=subject,
        target=Visit,
        due_on="due_date",
        url=url,
    )


def visits_remind(*, on: date, cadres: list[int] | None = None) -> int:
    """Remind assignees of planned visits due within the rule's notice days, and of overdue
    visits, for rules that remind (campaign visits always do). One reminder per (assignee,
    visit, kind): running twice creates nothing new. Two INSERT … SELECT statements, whatever
    the number of visits. No NOT EXISTS on the reminders: ON CONFLICT skips the reminded ones,
    and an anti-join on the table being inserted into can be planned as a scan per row of a
    table that grows under it (likely why it still ran after 45 minutes at 200k cadres).
    `cadres`: only those cadres' visits (the narrowed run after a day's edits)."""
    window = Q(campaign__isnull=False, due_date__range=(on, on + timedelta(campaign_notice_days())))
    for rule_id, notice in VisitRule.objects.filter(remind_assignee=True).values_list(
        "pk", "notice_days"
    ):
        window |= Q(rule_id=rule_id, due_date__range=(on, on + timedelta(days=notice)))
    visits = _visits() if cadres is None else _visits().filter(cadre_id__in=cadres)
    due = visits.filter(window, status=Visit.Status.PLANNED)
    overdue = visits.filter(
        Q(rule__isnull=True) | Q(rule__remind_assignee=True), status=Visit.Status.OVERDUE
    )
    return _remind(due, kind=KIND_DUE) + _remind(overdue, kind=KIND_OVERDUE)


def visits_remind_changed(*, on: date, changed: dict) -> int:
    """visits_remind's narrowed form (apps.core.jobs): when only visits changed since the last
    run for `on` (keyed by cadre), only those cadres' visits can newly call for a reminder. A
    change to the rules or to the visit reminders themselves (keyed by kind) runs it in full."""
    if set(changed) - {Visit}:
        return visits_remind(on=on)
    return visits_remind(on=on, cadres=sorted({int(key) for key in changed[Visit]}))
