import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from apps.accounts.access import is_unit_staff

from ..models import ActivityAttachment, Attendance, BranchActivity, Membership, PartyBranch
from ..uploads import check_upload

NOT_MEMBER = "出席名单中有非本支部党员（或活动当天不在本支部），请核对。"


@dataclass(frozen=True)
class AttendanceEntry:
    cadre_id: int
    status: str
    reason: str = ""


def edit_days() -> int:
    return settings.BRANCH_ACTIVITY_EDIT_DAYS


def activity_can_edit(*, activity: BranchActivity, user, today: date | None = None) -> bool:
    """Only who recorded it, and only within the window: records become the branch's ledger."""
    today = today or timezone.localdate()
    recorded_on = timezone.localtime(activity.created_at).date()
    return activity.recorded_by_id == user.pk and today - recorded_on <= timedelta(days=edit_days())


def _check(
    *, branch: PartyBranch, held_on: date, attendance: list[AttendanceEntry], today: date
) -> None:
    errors: dict[str, list[str]] = {}
    if held_on > today:
        errors.setdefault("held_on", []).append("活动日期不能晚于今天。")
    if branch.founded_on and held_on < branch.founded_on:
        errors.setdefault("held_on", []).append(
            f"活动日期不能早于支部成立日期（{branch.founded_on:%Y-%m-%d}）。"
        )
    if errors:
        raise ValidationError(errors)
    members = set(
        Membership.objects.filter(branch=branch).on(held_on).values_list("cadre_id", flat=True)
    )
    strangers = {e.cadre_id for e in attendance} - members
    if strangers:
        raise ValidationError({NON_FIELD_ERRORS: [NOT_MEMBER]})
    valid = set(Attendance.Status.values)
    for entry in attendance:
        if entry.status not in valid:
            raise ValidationError({NON_FIELD_ERRORS: ["出席情况只能是出席、缺席或请假。"]})
        if entry.status == Attendance.Status.ABSENT and not entry.reason.strip():
            raise ValidationError({NON_FIELD_ERRORS: ["缺席的党员须填写缺席原因。"]})


def _write_attendance(activity: BranchActivity, attendance: list[AttendanceEntry], by=None) -> None:
    # With history rows (who recorded it), like every later change and removal of a row.
    bulk_create_with_history(
        [
            Attendance(
                activity=activity, cadre_id=e.cadre_id, status=e.status, reason=e.reason.strip()
            )
            for e in attendance
        ],
        Attendance,
        default_user=by,
    )


def attachment_add(*, activity: BranchActivity, upload, by) -> ActivityAttachment:
    file_type, content_type = check_upload(upload)
    attachment = ActivityAttachment(
        activity=activity,
        file_type=file_type,
        content_type=content_type,
        original_name=upload.name[:200],
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


def activity_record(
    *,
    branch: PartyBranch,
    by,
    kind: str,
    held_on: date,
    topic: str,
    place: str = "",
    content: str = "",
    attendance: list[AttendanceEntry],
    submit_token: uuid.UUID,
    uploads: list | None = None,
    today: date | None = None,
) -> tuple[BranchActivity, bool]:
    """Record an activity with its attendance and attachments; (activity, created).

    A second submission of the same form (double click, resubmitted POST) finds the first one
    by its token and creates nothing.
    """
    today = today or timezone.localdate()
    existing = BranchActivity.objects.filter(submit_token=submit_token).first()
    if existing is not None:
        return existing, False
    _check(branch=branch, held_on=held_on, attendance=attendance, today=today)
    for upload in uploads or []:
        check_upload(upload)
    activity = BranchActivity(
        branch=branch,
        kind=kind,
        held_on=held_on,
        topic=topic.strip(),
        place=place.strip(),
        content=content,
        recorded_by=by,
        submit_token=submit_token,
    )
    activity.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            activity.save()
            _write_attendance(activity, attendance, by)
            for upload in uploads or []:
                attachment_add(activity=activity, upload=upload, by=by)
    except IntegrityError:
        # The other submission won the race on the token's unique index.
        existing = BranchActivity.objects.filter(submit_token=submit_token).first()
        if existing is None:
            raise
        return existing, False
    return activity, True


@transaction.atomic
def activity_update(
    *,
    activity: BranchActivity,
    by,
    kind: str,
    held_on: date,
    topic: str,
    place: str = "",
    content: str = "",
    attendance: list[AttendanceEntry],
    uploads: list | None = None,
    today: date | None = None,
) -> BranchActivity:
    today = today or timezone.localdate()
    if not activity_can_edit(activity=activity, user=by, today=today):
        raise ValidationError(f"只能修改本人在 {edit_days()} 天内录入的记录。")
    _check(branch=activity.branch, held_on=held_on, attendance=attendance, today=today)
    for upload in uploads or []:
        check_upload(upload)
    activity.kind, activity.held_on, activity.topic = kind, held_on, topic.strip()
    activity.place, activity.content = place.strip(), content
    activity.full_clean(validate_constraints=False)
    activity.save(update_fields=["kind", "held_on", "topic", "place", "content", "updated_at"])
    activity.attendance.all().delete()
    _write_attendance(activity, attendance, by)
    for upload in uploads or []:
        attachment_add(activity=activity, upload=upload, by=by)
    return activity


def activity_can_withdraw(*, activity: BranchActivity, user, today: date | None = None) -> bool:
    """Who recorded it may withdraw it within the edit window; bureau and district staff may
    withdraw any record in their scope, at any age (with a reason, like everyone)."""
    if activity.is_withdrawn:
        return False
    if is_unit_staff(user):
        return True
    return activity_can_edit(activity=activity, user=user, today=today)


@transaction.atomic
def activity_withdraw(
    *, activity: BranchActivity, by, reason: str, today: date | None = None
) -> BranchActivity:
    """Withdraw (撤回) a record instead of deleting it: the row, its attendance and attachments
    stay in the database and in history with who, when and why; lists, counts and compliance
    leave it out (the default managers skip withdrawn rows)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤回原因。"})
    activity = BranchActivity.all_objects.select_for_update().get(pk=activity.pk)
    if activity.is_withdrawn:
        raise ValidationError("该记录已撤回。")
    if not activity_can_withdraw(activity=activity, user=by, today=today):
        raise ValidationError(f"只能撤回本人在 {edit_days()} 天内录入的记录。")
    activity.withdrawn_at, activity.withdrawn_by = timezone.now(), by
    activity.withdrawn_reason = reason[:200]
    activity._history_user = by
    activity._change_reason = f"撤回：{reason}"[:100]
    activity.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    return activity


@transaction.atomic
def attachment_delete(*, attachment: ActivityAttachment, by, today: date | None = None) -> None:
    if not activity_can_edit(activity=attachment.activity, user=by, today=today):
        raise ValidationError(f"只能删除本人在 {edit_days()} 天内录入记录的附件。")
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
