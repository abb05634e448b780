"""Every write on 金点子: submit (cadre side), assign or decline (triage), answer."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.notifications.services import remind, reminders_close

from .models import Suggestion

KIND_OVERDUE = "suggestion_overdue"


def suggestion_submit(*, cadre, title: str, content: str, by, on_behalf: bool) -> Suggestion:
    title, content = (title or "").strip(), (content or "").strip()
    errors = {}
    if not title:
        errors["title"] = "请写一个简短的标题。"
    if len(content) < 5:
        errors["content"] = "请把建议写得具体一些（至少 5 个字）。"
    if errors:
        raise ValidationError(errors)
    if not cadre.on_register:
        raise ValidationError("该老干部不在册，不能提交。")
    suggestion = Suggestion(
        cadre=cadre, title=title[:60], content=content, submitted_by=by, on_behalf=on_behalf
    )
    suggestion.full_clean()
    suggestion.save()
    return suggestion


def _locked(suggestion: Suggestion) -> Suggestion:
    return Suggestion.objects.select_for_update().get(pk=suggestion.pk)


@transaction.atomic
def suggestion_assign(
    *, suggestion: Suggestion, department: str, deadline: date, note: str = "", by
) -> Suggestion:
    suggestion = _locked(suggestion)
    if suggestion.is_closed:
        raise ValidationError("该建议已办结。")
    department = (department or "").strip()
    errors = {}
    if not department:
        errors["department"] = "请填写承办部门。"
    if deadline is None or deadline < timezone.localdate():
        errors["deadline"] = "答复期限不能早于今天。"
    if errors:
        raise ValidationError(errors)
    suggestion.status = Suggestion.Status.ASSIGNED
    suggestion.department, suggestion.deadline = department[:100], deadline
    suggestion.triage_note = (note or "").strip()[:300]
    suggestion.triaged_by, suggestion.triaged_at = by, timezone.now()
    suggestion.save()
    return suggestion


@transaction.atomic
def suggestion_decline(*, suggestion: Suggestion, reason: str, by) -> Suggestion:
    suggestion = _locked(suggestion)
    if suggestion.is_closed:
        raise ValidationError("该建议已办结。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reply": "不予受理须向老干部说明理由。"})
    now = timezone.now()
    suggestion.status, suggestion.adopted = Suggestion.Status.DECLINED, False
    suggestion.reply, suggestion.replied_by, suggestion.replied_at = reason, by, now
    suggestion.triaged_by, suggestion.triaged_at = by, suggestion.triaged_at or now
    suggestion.save()
    reminders_close(target=suggestion)
    return suggestion


@transaction.atomic
def suggestion_answer(*, suggestion: Suggestion, reply: str, adopted: bool, by) -> Suggestion:
    suggestion = _locked(suggestion)
    if suggestion.status != Suggestion.Status.ASSIGNED:
        raise ValidationError("请先分拣并交承办部门，再登记答复。")
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": "请填写答复意见。"})
    if adopted is None:
        raise ValidationError({"adopted": "请选择是否采纳。"})
    suggestion.status, suggestion.adopted = Suggestion.Status.ANSWERED, adopted
    suggestion.reply, suggestion.replied_by, suggestion.replied_at = reply, by, timezone.now()
    suggestion.save()
    reminders_close(target=suggestion)
    return suggestion


def suggestions_remind_overdue(*, on: date) -> int:
    """Daily: the staff member who triaged an overdue suggestion is reminded once per
    suggestion (the reminder key is the identity)."""
    made = 0
    for s in Suggestion.objects.overdue(on=on).select_related("triaged_by", "cadre"):
        if s.triaged_by is None:
            continue
        created = remind(
            recipient=s.triaged_by,
            kind=KIND_OVERDUE,
            key=f"{KIND_OVERDUE}:{s.pk}",
            subject=f"金点子逾期未答复：{s.title}（{s.department}，期限 {s.deadline:%m月%d日}）",
            due_on=s.deadline,
            target=s,
            url=reverse("suggestions:detail", args=[s.pk]),
        )
        made += int(bool(created))
    return made
