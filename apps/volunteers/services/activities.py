import logging
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from apps.accounts.access import SECRETARY, TEAM_LEADER, UNIT_STAFF, has_role
from apps.notifications.services import remind, reminders_close

from ..models import (
    MAX_HOURS_PER_DAY,
    ActivityPhoto,
    KeyProject,
    ServiceField,
    ServiceRecord,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)
from .photos import photo_validate
from .timebank import timebank_credit_records

logger = logging.getLogger(__name__)

PENDING_KIND = "volunteer_hours_pending"
RECORDER_ROLES = TEAM_LEADER | SECRETARY | UNIT_STAFF  # who records service activities


def can_record_for_team(user, team: VolunteerTeam) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if not has_role(user, RECORDER_ROLES):
        return False
    return VolunteerTeam.objects.visible_to(user).filter(pk=team.pk).exists()


def can_verify(user, activity: VolunteerActivity) -> bool:
    """The team's leader or staff whose scope holds the team confirm hours; secretaries do not."""
    if user is None or not user.is_authenticated:
        return False
    if activity.team.leader_id == user.pk and user.role == "team_leader":
        return True
    if user.is_superuser or user.is_staff_role:
        return VolunteerTeam.objects.visible_to(user).filter(pk=activity.team_id).exists()
    return False


def _check_participants(
    *, team: VolunteerTeam, participants: Sequence[tuple[Volunteer, Decimal]], by
) -> None:
    if not participants:
        raise ValidationError("请至少登记一名参加活动的志愿者。")
    errors = []
    ids = [v.pk for v, _ in participants]
    seen = set()
    for volunteer, hours in participants:
        if volunteer.pk in seen:
            errors.append(f"志愿者“{volunteer}”重复登记。")
        seen.add(volunteer.pk)
        if hours is None or hours <= 0 or hours > MAX_HOURS_PER_DAY:
            errors.append(f"志愿者“{volunteer}”的服务时长须大于 0 且不超过 24 小时。")
        elif hours != Decimal(hours).quantize(Decimal("0.1")):
            errors.append(f"志愿者“{volunteer}”的服务时长最多保留一位小数。")
    visible = set(Volunteer.objects.visible_to(by).filter(pk__in=ids).values_list("pk", flat=True))
    members = set(team.volunteers.filter(pk__in=ids).values_list("pk", flat=True))
    active = set(Volunteer.objects.active().filter(pk__in=ids).values_list("pk", flat=True))
    cross_team_ok = by.has_perm("volunteers.record_cross_team")
    for volunteer, _ in participants:
        if volunteer.pk not in visible:
            errors.append(f"无权登记志愿者“{volunteer}”。")
        elif volunteer.pk not in members and not cross_team_ok:
            errors.append(f"志愿者“{volunteer}”不是“{team}”的队员，无权登记。")
        elif volunteer.pk not in active:
            errors.append(f"志愿者“{volunteer}”已停用，不能登记服务时长。")
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))


def _check_day_totals(*, day: date, participants: Sequence[tuple[Volunteer, Decimal]]) -> None:
    """Nobody serves more than 24 hours in one day, across all their activities of that day.

    The participants' rows are locked (pk order) so two activities recorded at the same moment
    for the same person are checked one after the other.
    """
    ids = sorted(v.pk for v, _ in participants)
    list(Volunteer.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
    already = dict(
        ServiceRecord.objects.filter(volunteer_id__in=ids, activity__date=day)
        .exclude(status=ServiceRecord.Status.REJECTED)
        .values("volunteer")
        .annotate(total=Sum("hours"))
        .values_list("volunteer", "total")
    )
    errors = [
        f"志愿者“{volunteer}”{day:%Y-%m-%d} 已登记 {already[volunteer.pk]} 小时，"
        f"再加 {hours} 小时将超过一天 24 小时。"
        for volunteer, hours in participants
        if volunteer.pk in already and already[volunteer.pk] + hours > MAX_HOURS_PER_DAY
    ]
    if errors:
        raise ValidationError(errors)


def activity_record(
    *,
    team: VolunteerTeam,
    title: str,
    date: date,
    place: str,
    field: ServiceField,
    beneficiaries: int,
    participants: Sequence[tuple[Volunteer, Decimal]],
    by,
    description: str = "",
    project: KeyProject | None = None,
    photos: Sequence = (),
) -> VolunteerActivity:
    """Record an activity with its participants' hours, pending until confirmed."""
    if not can_record_for_team(by, team):
        raise PermissionDenied("无权为该队伍登记活动。")
    activity = VolunteerActivity(
        team=team,
        title=title,
        date=date,
        place=place,
        field=field,
        beneficiaries=beneficiaries,
        description=description,
        project=project,
        recorded_by=by,
    )
    activity.full_clean()
    _check_participants(team=team, participants=participants, by=by)
    photo_types = [photo_validate(upload) for upload in photos]
    with transaction.atomic():
        _check_day_totals(day=date, participants=participants)
        activity.save()
        ServiceRecord.objects.bulk_create(
            [ServiceRecord(activity=activity, volunteer=v, hours=h) for v, h in participants]
        )
        for upload, content_type in zip(photos, photo_types, strict=True):
            photo = ActivityPhoto(activity=activity, content_type=content_type)
            photo.image.save(upload.name, upload, save=True)
        if team.leader_id and team.leader_id != by.pk:
            transaction.on_commit(lambda: _remind_leader(activity))
    logger.info(
        "activity %s recorded by %s with %s participants", activity.pk, by.pk, len(participants)
    )
    return activity


def _remind_leader(activity: VolunteerActivity) -> None:
    remind(
        recipient=activity.team.leader,
        kind=PENDING_KIND,
        key=f"volunteer_hours:{activity.pk}",
        subject=f"待确认服务时长：{activity.title}（{activity.date}）",
        target=activity,
        url=reverse("volunteers:activity_detail", args=[activity.pk]),
    )


def _close_if_decided(activity: VolunteerActivity) -> None:
    if not activity.records.pending().exists():
        reminders_close(target=activity, kinds=[PENDING_KIND])


def records_confirm(
    *, activity: VolunteerActivity, by, record_ids: Sequence[int] | None = None
) -> int:
    """Confirm the activity's pending records (all, or those listed) and credit the time bank."""
    if not can_verify(by, activity):
        raise PermissionDenied("只有队长或工作人员可以确认服务时长。")
    now = timezone.now()
    with transaction.atomic():
        qs = activity.records.select_for_update().filter(status=ServiceRecord.Status.PENDING)
        if record_ids is not None:
            qs = qs.filter(pk__in=list(record_ids))
        records = list(qs.select_related("activity").order_by("pk"))
        for record in records:
            record.status = ServiceRecord.Status.CONFIRMED
            record.verified_by = by
            record.verified_at = now
        ServiceRecord.objects.bulk_update(records, ["status", "verified_by", "verified_at"])
        timebank_credit_records(records=records, on=timezone.localdate(), by=by)
        transaction.on_commit(lambda: _close_if_decided(activity))
    logger.info("activity %s: %s records confirmed by %s", activity.pk, len(records), by.pk)
    return len(records)


def record_reject(*, record: ServiceRecord, reason: str, by) -> ServiceRecord:
    if not can_verify(by, record.activity):
        raise PermissionDenied("只有队长或工作人员可以退回服务时长。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "退回须填写原因。"})
    with transaction.atomic():
        locked = ServiceRecord.objects.select_for_update().get(pk=record.pk)
        if locked.status != ServiceRecord.Status.PENDING:
            raise ValidationError("该记录已处理，不能再退回。")
        locked.status = ServiceRecord.Status.REJECTED
        locked.reject_reason = reason[:200]
        locked.verified_by = by
        locked.verified_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=["status", "reject_reason", "verified_by", "verified_at"])
        activity = locked.activity
        transaction.on_commit(lambda: _close_if_decided(activity))
    return locked


def still_pending(activity: VolunteerActivity) -> bool:
    return activity.records.pending().exists()
