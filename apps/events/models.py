"""Events of 政治生活待遇 (情况通报会, 团拜会, 参观考察, 重要会议, 重大活动): invitations to a
group of cadres, the reply (from the cadre side, a family proxy on their behalf, or staff after a
phone call), QR sign-in on the day, and who could not come.

An invitation is identified by (event, cadre) under a unique constraint: inviting the same group
twice invites nobody twice. Its token is what the QR code on the printed invitation (or on the
cadre's phone) carries; scanning it opens the sign-in page for staff, and signing in twice is
one sign-in (a conditional UPDATE on checked_in_at)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre


def new_token() -> str:
    return secrets.token_urlsafe(18)


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="unit"))


class Event(models.Model):
    class Kind(models.TextChoices):
        BRIEFING = "briefing", "情况通报会"
        NEW_YEAR = "new_year", "团拜会"
        STUDY_TOUR = "study_tour", "参观考察"
        MEETING = "meeting", "重要会议"
        MAJOR = "major", "重大活动"
        OTHER = "other", "其他活动"

    class Status(models.TextChoices):
        OPEN = "open", "筹备中"
        CLOSED = "closed", "已结束"
        CANCELLED = "cancelled", "已取消"

    title = models.CharField("活动名称", max_length=120)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="主办单位", on_delete=models.PROTECT, related_name="events"
    )
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=200)
    description = models.TextField("内容与要求", blank=True)
    rsvp_by = models.DateField("回复截止", null=True, blank=True)
    visit_if_missed = models.BooleanField(
        "未能参加者安排走访",
        default=False,
        help_text="如情况通报会：活动结束后为未到场的老干部各生成一次走访（送学上门）",
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField("结束登记时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True)
    group_filters = models.JSONField("邀请范围记录", default=list, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "活动"
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Staff by the organiser's unit; a cadre their own, a family proxy those they act for.
        return self.filter(scope_q(user, unit="event__unit", cadre="cadre"))

    def came(self):
        return self.filter(checked_in_at__isnull=False)

    def not_came(self):
        return self.filter(checked_in_at__isnull=True)


class Invitation(models.Model):
    class Response(models.TextChoices):
        PENDING = "pending", "未回复"
        YES = "yes", "参加"
        NO = "no", "不能参加"

    class Via(models.TextChoices):
        SELF = "self", "本人（老干部端）"
        PROXY = "proxy", "家属代办"
        PHONE = "phone", "工作人员电话确认"
        COUNTER = "counter", "工作人员现场登记"

    event = models.ForeignKey(
        Event, verbose_name="活动", on_delete=models.PROTECT, related_name="invitations"
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="event_invitations"
    )
    token = models.CharField(
        "签到码", max_length=40, unique=True, default=new_token, editable=False
    )
    response = models.CharField(
        "回复", max_length=10, choices=Response.choices, default=Response.PENDING
    )
    response_via = models.CharField("回复方式", max_length=10, choices=Via.choices, blank=True)
    response_note = models.CharField("回复说明", max_length=200, blank=True)
    responded_at = models.DateTimeField("回复时间", null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签到登记人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    missed_at = models.DateTimeField("登记未到时间", null=True, blank=True)
    created_at = models.DateTimeField("邀请时间", auto_now_add=True)

    objects = InvitationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "活动邀请"
        ordering = ["event", "cadre__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "cadre"], name="invitation_once_per_cadre")
        ]

    def __str__(self):
        return f"{self.event} · {self.cadre}"

    @property
    def came(self) -> bool:
        return self.checked_in_at is not None
