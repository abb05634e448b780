from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils import timezone

from apps.cadres.models import Cadre
from apps.notifications.services import ReminderSpec, remind_many, reminders_close

from ..models import Membership, Rectification
from ..uploads import check_upload

KIND_OVERDUE = "branch_rectification_overdue"
KIND_BIRTHDAYS = "branch_political_birthdays"


@transaction.atomic
def rectification_submit_evidence(
    *, rectification: Rectification, by, evidence: str, upload=None
) -> Rectification:
    rect = Rectification.objects.select_for_update().get(pk=rectification.pk)
    if rect.status == Rectification.Status.DONE:
        raise ValidationError("该整改任务已验收完成，不能再提交。")
    if not evidence.strip():
        raise ValidationError({"evidence": "请填写整改情况。"})
    fields = ["evidence", "status", "submitted_at"]
    if upload is not None:
        check_upload(upload)
        rect.evidence_file.save(upload.name, upload, save=False)
        rect.evidence_name = upload.name[:200]
        fields += ["evidence_file", "evidence_name"]
    rect.evidence = evidence.strip()
    rect.status = Rectification.Status.SUBMITTED
    rect.submitted_at = timezone.now()
    rect.save(update_fields=fields)
    return rect


@transaction.atomic
def rectification_close(*, rectification: Rectification, on: date) -> Rectification:
    rectification.status, rectification.closed_on = Rectification.Status.DONE, on
    rectification.save(update_fields=["status", "closed_on"])
    reminders_close(target=rectification, kinds=[KIND_OVERDUE])
    return rectification


def rectifications_remind_overdue(*, on: date) -> int:
    """One reminder per overdue, unfinished rectification to its owner (key per task)."""
    overdue = Rectification.objects.filter(
        deadline__lt=on,
        owner__isnull=False,
        status__in=[Rectification.Status.OPEN, Rectification.Status.SUBMITTED],
    ).select_related("branch")
    return remind_many(
        ReminderSpec(
            recipient_id=r.owner_id,
            kind=KIND_OVERDUE,
            key=f"{KIND_OVERDUE}:{r.pk}",
            subject=f"整改任务已逾期：{r.branch.name}（期限 {r.deadline:%Y-%m-%d}）",
            due_on=r.deadline,
            target=r,
            url=reverse("branches:rectification_detail", args=[r.pk]),
            body=r.problem,
        )
        for r in overdue.iterator(chunk_size=2000)
    )


def political_birthdays_remind(*, on: date) -> int:
    """Tell each secretary, once a month, how many members celebrate their 入党纪念日 this month."""
    counts = (
        Membership.objects.active()
        .filter(
            branch__secretary__isnull=False,
            cadre__status=Cadre.Status.ACTIVE,
            cadre__party_joined_on__isnull=False,
        )
        .annotate(joined_month=ExtractMonth("cadre__party_joined_on"))
        .filter(joined_month=on.month)
        .values("branch_id", "branch__name", "branch__secretary_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return remind_many(
        ReminderSpec(
            recipient_id=row["branch__secretary_id"],
            kind=KIND_BIRTHDAYS,
            key=f"{KIND_BIRTHDAYS}:{row['branch_id']}:{on:%Y-%m}",
            subject=f"{row['branch__name']}本月有 {row['n']} 位党员过政治生日",
            due_on=on.replace(day=1),
            url=reverse("branches:birthdays", args=[row["branch_id"]]),
        )
        for row in counts
    )
