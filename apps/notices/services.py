"""Every write on notices: draft, send (recipients fixed once), withdraw, read receipt, reply."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.branches.models import Membership
from apps.cadres.models import Cadre

from .models import Notice, NoticeRecipient

logger = logging.getLogger(__name__)


def audience_of(*, notice: Notice, on):
    """The cadres on the register a notice addresses, always inside the sending unit's subtree."""
    qs = Cadre.objects.alive().filter(unit__path__startswith=notice.unit.path)
    if notice.audience == Notice.Audience.UNIT:
        qs = qs.filter(unit__path__startswith=notice.target_unit.path)
    elif notice.audience == Notice.Audience.BRANCH:
        members = Membership.objects.active().filter(branch=notice.target_branch)
        qs = qs.filter(pk__in=members.values("cadre_id"))
    elif notice.audience == Notice.Audience.AGE:
        qs = qs.aged_between(notice.min_age, None, on=on)
    return qs


@transaction.atomic
def notice_save(*, notice: Notice, by) -> Notice:
    if notice.pk is None:
        notice.created_by = by
    if notice.status != Notice.Status.DRAFT:
        raise ValidationError("通知已发送，不能再修改。")
    if notice.audience != Notice.Audience.UNIT:
        notice.target_unit = None
    if notice.audience != Notice.Audience.BRANCH:
        notice.target_branch = None
    if notice.audience != Notice.Audience.AGE:
        notice.min_age = None
    if not notice.asks_reply:
        notice.reply_question, notice.reply_by = "", None
    notice.full_clean()
    notice.save()
    return notice


@transaction.atomic
def notice_send(*, notice: Notice, by, on=None) -> int:
    """Fix the recipients and send; sending twice (a double click, a retry) adds nobody and
    sends nothing new. Returns the number of recipients."""
    on = on or timezone.localdate()
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status == Notice.Status.WITHDRAWN:
        raise ValidationError("通知已撤回，不能发送。")
    if notice.status == Notice.Status.DRAFT:
        cadre_ids = list(audience_of(notice=notice, on=on).values_list("pk", flat=True))
        if not cadre_ids:
            raise ValidationError("发送范围内没有在册老干部，请调整范围。")
        NoticeRecipient.objects.bulk_create(
            [NoticeRecipient(notice=notice, cadre_id=pk) for pk in cadre_ids],
            ignore_conflicts=True,
            batch_size=2000,
        )
        notice.status, notice.sent_at, notice.sent_by = Notice.Status.SENT, timezone.now(), by
        notice.save(update_fields=["status", "sent_at", "sent_by"])
        logger.info("notice %s sent to %s cadres", notice.pk, len(cadre_ids))
    return notice.recipients.count()


@transaction.atomic
def notice_withdraw(*, notice: Notice, reason: str, by) -> Notice:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤回原因。"})
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != Notice.Status.SENT:
        raise ValidationError("只有已发送的通知可以撤回。")
    notice.status, notice.withdrawn_at = Notice.Status.WITHDRAWN, timezone.now()
    notice.withdrawn_reason = reason[:200]
    notice.save(update_fields=["status", "withdrawn_at", "withdrawn_reason"])
    logger.info("notice %s withdrawn by %s", notice.pk, getattr(by, "pk", None))
    return notice


def notice_mark_read(*, recipient: NoticeRecipient, by, on_behalf: bool) -> bool:
    """Opened = read, recorded once: the first opening keeps its time and who opened it."""
    return bool(
        NoticeRecipient.objects.filter(pk=recipient.pk, read_at=None).update(
            read_at=timezone.now(), read_by=by, read_on_behalf=on_behalf
        )
    )


@transaction.atomic
def notice_reply(*, recipient: NoticeRecipient, answer: str, by, on_behalf: bool) -> None:
    recipient = (
        NoticeRecipient.objects.select_for_update().select_related("notice").get(pk=recipient.pk)
    )
    notice = recipient.notice
    if not notice.asks_reply or notice.status != Notice.Status.SENT:
        raise ValidationError("这条通知不需要回复。")
    if answer not in NoticeRecipient.Reply.values:
        raise ValidationError("请选择“参加”或“不参加”。")
    if recipient.reply:
        raise ValidationError("您已经回复过了；如有变化请联系老干部局工作人员。")
    if notice.reply_by and timezone.localdate() > notice.reply_by:
        raise ValidationError("回复已截止；如有变化请联系老干部局工作人员。")
    now = timezone.now()
    recipient.reply, recipient.replied_at, recipient.replied_by = answer, now, by
    recipient.replied_on_behalf = on_behalf
    if recipient.read_at is None:
        recipient.read_at, recipient.read_by, recipient.read_on_behalf = now, by, on_behalf
    recipient.save(
        update_fields=[
            "reply",
            "replied_at",
            "replied_by",
            "replied_on_behalf",
            "read_at",
            "read_by",
            "read_on_behalf",
        ]
    )
