"""Activities and the service records (hours) of each volunteer on them."""

from decimal import Decimal  # noqa: F401

from django.conf import settings  # noqa: F401
from django.core.validators import MaxValueValidator, MinValueValidator  # noqa: F401
from django.db import models
from django.db.models import Q  # noqa: F401

from apps.accounts.models import OrgUnit  # noqa: F401
from apps.accounts.scope import scope_q  # noqa: F401
from apps.cadres.models import Cadre  # noqa: F401

from ._common import BALANCE, HOURS, MAX_HOURS_PER_DAY, _distinct_for_joins, _member_filter  # noqa: F401
from .teams import ServiceField, Volunteer, VolunteerTeam  # noqa: F401


class VolunteerActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        qs = self.filter(
            scope_q(
                user,
                unit="team__unit",
                team="team",
                branch="records__volunteer__cadre__memberships__branch",
                branch_filter=_member_filter("records__volunteer__cadre__memberships"),
            )
        )
        return _distinct_for_joins(qs, user)

    def between(self, start, end):
        return self.filter(date__gte=start, date__lte=end)


class VolunteerActivity(models.Model):
    """志愿服务活动, recorded from the mobile portal by a team leader or branch secretary."""

    team = models.ForeignKey(
        VolunteerTeam, verbose_name="服务队", on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField("活动名称", max_length=200)
    date = models.DateField("活动日期")
    place = models.CharField("活动地点", max_length=200)
    field = models.ForeignKey(
        ServiceField, verbose_name="服务领域", on_delete=models.PROTECT, related_name="activities"
    )
    beneficiaries = models.PositiveIntegerField("受益人数", default=0)
    description = models.TextField("活动内容", blank=True)
    project = models.ForeignKey(
        "KeyProject",
        verbose_name="所属重点项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = VolunteerActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿服务活动"
        verbose_name_plural = "志愿服务活动"
        ordering = ["-date", "-pk"]
        permissions = [("record_cross_team", "登记其他队伍的志愿者参加活动")]
        indexes = [
            models.Index(fields=["team", "date"], name="activity_team_date"),
            models.Index(fields=["date"], name="activity_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": "活动日期不能晚于今天。"})


class ServiceRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        qs = self.filter(
            scope_q(
                user,
                unit="activity__team__unit",
                team="activity__team",
                branch="volunteer__cadre__memberships__branch",
                branch_filter=_member_filter("volunteer__cadre__memberships"),
                cadre="volunteer__cadre",
            )
        )
        return _distinct_for_joins(qs, user)

    def confirmed(self):
        return self.filter(status=ServiceRecord.Status.CONFIRMED)

    def pending(self):
        return self.filter(status=ServiceRecord.Status.PENDING)


class ServiceRecord(models.Model):
    """One volunteer's hours at one activity; counts only once confirmed."""

    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        CONFIRMED = "confirmed", "已确认"
        REJECTED = "rejected", "已退回"

    activity = models.ForeignKey(
        VolunteerActivity, verbose_name="活动", on_delete=models.PROTECT, related_name="records"
    )
    volunteer = models.ForeignKey(
        Volunteer, verbose_name="志愿者", on_delete=models.PROTECT, related_name="records"
    )
    hours = models.DecimalField(
        "服务时长（小时）",
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(MAX_HOURS_PER_DAY)],
        **HOURS,
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField("确认时间", null=True, blank=True)
    reject_reason = models.CharField("退回原因", max_length=200, blank=True)

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "服务时长记录"
        verbose_name_plural = "服务时长记录"
        ordering = ["activity_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "volunteer"],
                name="record_once_per_activity",
                violation_error_message="同一活动中志愿者不能重复登记。",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=MAX_HOURS_PER_DAY),
                name="record_hours_within_a_day",
                violation_error_message="服务时长须大于 0 且不超过 24 小时。",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""),
                name="record_rejection_has_reason",
                violation_error_message="退回须填写原因。",
            ),
        ]
        indexes = [models.Index(fields=["volunteer", "status"], name="record_volunteer_status")]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.hours}h"
