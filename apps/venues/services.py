"""Writes of the venues app: bookings (the database refuses overlaps), cancellations, visitor
counts, association membership."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.cadres.models import Cadre

from .models import Association, AssociationMember, Booking, Room, Venue, VisitorCount

OVERLAP_CONSTRAINT = "booking_no_overlap"


def _constraint_name(error: IntegrityError) -> str:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", "") or ""


def _overlap_message(*, room: Room, starts_at: datetime, ends_at: datetime) -> str:
    clash = (
        Booking.objects.live()
        .filter(room=room, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .order_by("starts_at")
        .first()
    )
    if clash is None:  # the other booking was cancelled meanwhile: the user may try again
        return f"{room.name} 在这个时间段刚被预约，请刷新后重新选择时间。"
    start = timezone.localtime(clash.starts_at)
    end = timezone.localtime(clash.ends_at)
    return (
        f"{room.name} 在 {start:%Y-%m-%d %H:%M}–{end:%H:%M} 已有预约（{clash.booker_name}：{clash.purpose}），"
        "时间不能重叠，请另选时间或活动室。"
    )


def booking_create(
    *,
    room: Room,
    by,
    booker_kind: str,
    booker_name: str,
    purpose: str,
    starts_at: datetime,
    ends_at: datetime,
    association: Association | None = None,
    booker_ref: str = "",
    expected_people: int | None = None,
    contact: str = "",
) -> Booking:
    """Book `room`. The exclusion constraint is the rule: two requests racing for the same slot
    both pass every check here, and PostgreSQL refuses the second; that refusal is reported as
    a ValidationError naming the booking in the way, and nothing is saved."""
    if association is not None:
        booker_kind = Booking.BookerKind.ASSOCIATION
        booker_name = booker_name or association.name
    booking = Booking(
        room=room,
        booker_kind=booker_kind,
        booker_name=(booker_name or "").strip(),
        booker_ref=booker_ref,
        association=association,
        purpose=purpose,
        starts_at=starts_at,
        ends_at=ends_at,
        expected_people=expected_people,
        contact=contact,
        created_by=by,
    )
    errors = {}
    if not room.is_active or not room.venue.is_active:
        errors["room"] = "该活动室暂停预约。"
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = "结束时间应晚于开始时间。"
    if starts_at and starts_at < timezone.now() - timedelta(days=1):
        errors["starts_at"] = "不能预约已经过去的时间。"
    if expected_people and expected_people > room.capacity:
        errors["expected_people"] = (
            f"预计人数 {expected_people} 超过活动室容纳人数 {room.capacity}，请换大一些的活动室。"
        )
    if booking.booker_kind == Booking.BookerKind.ASSOCIATION and association is None:
        errors["association"] = "请选择预约的社团。"
    if errors:
        raise ValidationError(errors)
    # Field checks only: overlapping is decided by the database, not by a query here.
    booking.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        if _constraint_name(error) != OVERLAP_CONSTRAINT:
            raise
        raise ValidationError(
            _overlap_message(room=room, starts_at=starts_at, ends_at=ends_at), code="overlap"
        ) from error
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, by, reason: str) -> Booking:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写取消原因。"})
    claimed = Booking.objects.filter(pk=booking.pk, status=Booking.Status.BOOKED).update(
        status=Booking.Status.CANCELLED,
        cancelled_at=timezone.now(),
        cancel_reason=reason[:200],
        cancelled_by=by,
    )
    booking.refresh_from_db()
    if not claimed:
        raise ValidationError("该预约已经取消过了。", code="already_cancelled")
    booking.save(update_fields=["status", "cancelled_at", "cancel_reason", "cancelled_by"])
    return booking


@transaction.atomic
def visitor_count_record(*, venue: Venue, day: date, count: int, by) -> VisitorCount:
    """Set 接待人次 of `venue` on `day`; recording the same day again corrects it (the old
    value stays in the history)."""
    if day > timezone.localdate():
        raise ValidationError({"day": "不能登记今天以后的接待人次。"})
    if count < 0:
        raise ValidationError({"count": "接待人次不能为负数。"})
    row = VisitorCount.objects.select_for_update().filter(venue=venue, day=day).first()
    if row is None:
        row, _ = VisitorCount.objects.get_or_create(
            venue=venue, day=day, defaults={"count": count, "recorded_by": by}
        )
        if row.count == count:
            return row
    row.count, row.recorded_by = count, by
    row.save(update_fields=["count", "recorded_by", "updated_at"])
    return row


@transaction.atomic
def member_add(
    *, association: Association, cadre: Cadre, role: str, joined_on: date
) -> AssociationMember:
    if AssociationMember.objects.current().filter(association=association, cadre=cadre).exists():
        raise ValidationError({"cadre": f"{cadre.name} 已是本社团成员。"})
    member = AssociationMember(association=association, cadre=cadre, role=role, joined_on=joined_on)
    member.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as error:
        raise ValidationError({"cadre": f"{cadre.name} 已是本社团成员。"}) from error
    return member


@transaction.atomic
def member_leave(*, member: AssociationMember, left_on: date, reason: str) -> AssociationMember:
    if member.left_on is not None:
        raise ValidationError("该成员已退出。")
    if left_on < member.joined_on:
        raise ValidationError({"left_on": "退出日期不能早于加入日期。"})
    member.left_on, member.left_reason = left_on, (reason or "").strip()[:200]
    member.save(update_fields=["left_on", "left_reason"])
    return member
