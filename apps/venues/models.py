"""Activity centres (老干部活动中心), their rooms, associations (社团) and room bookings.

Associations live here rather than in an app of their own: a 社团 is hosted by a centre, books
its rooms and is counted in the centre's monthly report; as a separate feature app it could not
be named by a booking (feature apps never import each other), so the booking would carry a
free-text name only and the report could not say which association used which room.

A booking names its booker by kind and name (an association of this app, or a volunteer team, a
party branch, a unit — those apps are not imported: kind + name + reference is what the centre's
ledger records anyway). No two live bookings of a room overlap: a PostgreSQL exclusion
constraint (btree_gist, tstzrange '[)' so 9:00–10:00 and 10:00–11:00 both stand); cancelled
bookings are outside it and kept, never deleted.
"""

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class VenueQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="unit"))


class Venue(models.Model):
    name = models.CharField("名称", max_length=100)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="venues"
    )
    address = models.CharField("地址", max_length=200, blank=True)
    area_m2 = models.PositiveIntegerField("建筑面积（㎡）", null=True, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    opening_hours = models.CharField("开放时间", max_length=100, blank=True)
    is_active = models.BooleanField("开放中", default=True)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = VenueQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "活动中心"
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="venue_unique_name_per_unit")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("venues:venue_detail", args=[self.pk])


class RoomQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="venue__unit"))


class Room(models.Model):
    venue = models.ForeignKey(
        Venue, verbose_name="活动中心", on_delete=models.PROTECT, related_name="rooms"
    )
    name = models.CharField("活动室", max_length=100)
    capacity = models.PositiveIntegerField("容纳人数")
    equipment = models.CharField(
        "设施设备", max_length=300, blank=True, help_text="如：钢琴、音响、投影、书画桌"
    )
    is_active = models.BooleanField("可预约", default=True)

    objects = RoomQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "活动室"
        ordering = ["venue", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="room_unique_name_per_venue"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="room_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.venue.name} · {self.name}"


class AssociationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="unit"))


class Association(models.Model):
    class Kind(models.TextChoices):
        CHOIR = "choir", "合唱"
        CALLIGRAPHY = "calligraphy", "书画"
        GATEBALL = "gateball", "门球"
        DANCE = "dance", "舞蹈"
        PHOTO = "photo", "摄影"
        TAICHI = "taichi", "太极拳（剑）"
        OPERA = "opera", "戏曲"
        CHESS = "chess", "棋牌"
        POETRY = "poetry", "诗词"
        OTHER = "other", "其他"

    name = models.CharField("社团名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="主管单位", on_delete=models.PROTECT, related_name="associations"
    )
    home_venue = models.ForeignKey(
        Venue,
        verbose_name="活动场所",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="associations",
    )
    founded_on = models.DateField("成立日期", null=True, blank=True)
    description = models.TextField("简介", blank=True)
    is_active = models.BooleanField("活动中", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = AssociationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "社团"
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"], name="association_unique_name_per_unit"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("venues:association_detail", args=[self.pk])


class MemberQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="association__unit"))

    def current(self):
        return self.filter(left_on__isnull=True)


class AssociationMember(models.Model):
    """A cadre in a 社团; leaving keeps the row (left_on, reason): membership is history."""

    class Role(models.TextChoices):
        LEADER = "leader", "会长（团长）"
        DEPUTY = "deputy", "副会长"
        MEMBER = "member", "成员"

    association = models.ForeignKey(
        Association, verbose_name="社团", on_delete=models.PROTECT, related_name="members"
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="association_members"
    )
    role = models.CharField("职务", max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField("加入日期")
    left_on = models.DateField("退出日期", null=True, blank=True)
    left_reason = models.CharField("退出原因", max_length=200, blank=True)

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "社团成员"
        ordering = ["association", "role", "cadre__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "cadre"],
                condition=Q(left_on__isnull=True),
                name="association_member_once",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="association_member_left_after_joined",
            ),
        ]

    def __str__(self):
        return f"{self.association} · {self.cadre}"


class BookingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="room__venue__unit"))

    def live(self):
        return self.exclude(status=Booking.Status.CANCELLED)


class Booking(models.Model):
    class BookerKind(models.TextChoices):
        ASSOCIATION = "association", "社团"
        TEAM = "team", "志愿服务队"
        BRANCH = "branch", "党支部"
        UNIT = "unit", "单位/部门"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        BOOKED = "booked", "已预约"
        CANCELLED = "cancelled", "已取消"

    room = models.ForeignKey(
        Room, verbose_name="活动室", on_delete=models.PROTECT, related_name="bookings"
    )
    booker_kind = models.CharField("预约方类别", max_length=20, choices=BookerKind.choices)
    booker_name = models.CharField("预约方", max_length=100)
    booker_ref = models.CharField(
        "预约方编号", max_length=50, blank=True, help_text="支部、服务队的编号或联系人，可不填"
    )
    association = models.ForeignKey(
        Association,
        verbose_name="社团",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
    )
    purpose = models.CharField("活动内容", max_length=200)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    expected_people = models.PositiveIntegerField("预计人数", null=True, blank=True)
    contact = models.CharField("联系人及电话", max_length=100, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.BOOKED)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="取消人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = BookingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "活动室预约"
        ordering = ["starts_at", "room"]
        indexes = [models.Index(fields=["room", "starts_at"], name="booking_room_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start"
            ),
            ExclusionConstraint(
                name="booking_no_overlap",
                expressions=[
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                    ("room", RangeOperators.EQUAL),
                ],
                condition=~Q(status="cancelled"),
                violation_error_message="该活动室在这个时间段已有预约。",
            ),
        ]

    def __str__(self):
        return f"{self.room} {self.starts_at:%Y-%m-%d %H:%M} {self.booker_name}"


class VisitorCountQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="venue__unit"))


class VisitorCount(models.Model):
    """接待人次 of one venue on one day; a correction is a new version (history), not a new row."""

    venue = models.ForeignKey(
        Venue, verbose_name="活动中心", on_delete=models.PROTECT, related_name="visitor_counts"
    )
    day = models.DateField("日期")
    count = models.PositiveIntegerField("接待人次")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = VisitorCountQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "接待人次"
        ordering = ["-day", "venue"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "day"], name="visitor_count_once_per_day")
        ]

    def __str__(self):
        return f"{self.venue} {self.day}: {self.count}"
