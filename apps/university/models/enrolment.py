"""Applications and the lottery draws."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre

from .terms import SchoolClass


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="cadre__unit", cadre="cadre"))

    def active(self):
        return self.filter(status__in=Application.ACTIVE)


class Application(models.Model):
    """One cadre's application to one class. Inside the window every application is equal
    (the time it came in is kept for the record only); allocation decides, by a seeded draw."""

    class Status(models.TextChoices):
        APPLIED = "applied", "已报名（待分配）"
        ENROLLED = "enrolled", "已录取"
        WAITING = "waiting", "候补"
        WITHDRAWN = "withdrawn", "已退出"

    class Channel(models.TextChoices):
        SELF = "self", "本人报名"
        PROXY = "proxy", "家属代报"
        COUNTER = "counter", "窗口代报名"

    ACTIVE = (Status.APPLIED, Status.ENROLLED, Status.WAITING)

    school_class = models.ForeignKey(
        SchoolClass, verbose_name="班级", on_delete=models.PROTECT, related_name="applications"
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name="学员", on_delete=models.PROTECT, related_name="university_applications"
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    channel = models.CharField("报名方式", max_length=20, choices=Channel.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("报名时间", auto_now_add=True)
    # Filled by the draw: tier (0 first) and place in the published order; the waiting list is
    # the waiting rows in that order.
    tier = models.PositiveSmallIntegerField("优先档", null=True, blank=True)
    draw_rank = models.PositiveIntegerField("抽签顺位", null=True, blank=True)
    enrolled_at = models.DateTimeField("录取时间", null=True, blank=True)
    moved_up_at = models.DateTimeField("候补递补时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("退出时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="退出经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdraw_reason = models.CharField("退出原因", max_length=200, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        ordering = ["school_class", "draw_rank", "pk"]
        indexes = [models.Index(fields=["school_class", "status"], name="university_app_class")]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "cadre"],
                condition=Q(status__in=["applied", "enrolled", "waiting"]),
                name="university_one_active_application",
                violation_error_message="已报名这个班级。",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="university_withdrawn_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.school_class.name}"

    @property
    def number(self) -> str:
        """The application number published with the draw (no name)."""
        return f"{self.pk:06d}"

    @property
    def on_behalf(self) -> bool:
        return self.channel != self.Channel.SELF


class DrawQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="school_class__term__unit"))


class Draw(models.Model):
    """The lottery of one class: the seed and the ordered list are stored and published, so
    anyone can recompute sha256(seed:application number) and check the order."""

    school_class = models.OneToOneField(
        SchoolClass, verbose_name="班级", on_delete=models.PROTECT, related_name="draw"
    )
    seed = models.CharField("随机种子", max_length=64)
    drawn_at = models.DateTimeField("抽签时间", auto_now_add=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="主持人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applicants = models.PositiveIntegerField("报名人数")
    quota = models.PositiveIntegerField("名额")
    rules = models.JSONField("优先规则", default=list)
    # [[application id, tier], ...] in drawn order.
    order = models.JSONField("抽签结果", default=list)

    objects = DrawQuerySet.as_manager()

    class Meta:
        verbose_name = "摇号记录"
        verbose_name_plural = "摇号记录"
        ordering = ["-drawn_at"]

    def __str__(self) -> str:
        return f"{self.school_class} 摇号"
