import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre

from .core import PartyBranch


class ActivityKind(models.TextChoices):
    GENERAL_MEETING = "general_meeting", "支部党员大会"
    COMMITTEE = "committee", "支部委员会"
    GROUP_MEETING = "group_meeting", "党小组会"
    LECTURE = "lecture", "党课"
    THEME_DAY = "theme_day", "主题党日"
    LIFE_MEETING = "life_meeting", "组织生活会"
    EVALUATION = "evaluation", "民主评议党员"


class BranchActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(
            scope_q(
                user,
                unit="branch__unit",
                branch="branch",
                cadre="branch__memberships__cadre",
                cadre_filter={"branch__memberships__left_on__isnull": True},
            )
        )

    def current(self):
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self):
        return self.filter(withdrawn_at__isnull=False)


class CurrentActivityManager(models.Manager.from_queryset(BranchActivityQuerySet)):
    """The default manager: a withdrawn (撤回) record is kept but left out of every list,
    count and compliance figure. `BranchActivity.all_objects` still reaches it (admin, history)."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class BranchActivity(models.Model):
    """One 三会一课 / 主题党日 record of a branch, with its attendance and attachments."""

    Kind = ActivityKind

    branch = models.ForeignKey(
        PartyBranch, verbose_name="党支部", on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField("活动类型", max_length=30, choices=ActivityKind.choices)
    held_on = models.DateField("活动日期")
    topic = models.CharField("主题", max_length=200)
    place = models.CharField("地点", max_length=200, blank=True)
    content = models.TextField("主要内容", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The form carries a token made when it was shown; a double click posts it twice and the
    # unique constraint lets only the first insert through.
    submit_token = models.UUIDField("提交标识", default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    # A record of work done is never deleted: it is withdrawn (撤回) with who, when and why.
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤回人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    withdrawn_reason = models.CharField("撤回原因", max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CurrentActivityManager()
    all_objects = BranchActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "组织生活记录"
        verbose_name_plural = "组织生活记录"
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["submit_token"], name="activity_submit_once"),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True, withdrawn_reason="")
                | (models.Q(withdrawn_at__isnull=False) & ~models.Q(withdrawn_reason="")),
                name="activity_withdrawn_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["branch", "held_on", "kind"], name="activity_branch_day_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}：{self.topic}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class AttendanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(
            scope_q(user, unit="activity__branch__unit", branch="activity__branch", cadre="cadre")
        )


class CurrentAttendanceManager(models.Manager.from_queryset(AttendanceQuerySet)):
    """Attendance of a withdrawn activity is kept but counts nowhere (rates, the member's card)."""

    def get_queryset(self):
        return super().get_queryset().filter(activity__withdrawn_at__isnull=True)


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "出席"
        ABSENT = "absent", "缺席"
        EXCUSED = "excused", "请假"

    activity = models.ForeignKey(
        BranchActivity, verbose_name="活动", on_delete=models.PROTECT, related_name="attendance"
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name="党员", on_delete=models.PROTECT, related_name="branch_attendance"
    )
    status = models.CharField("出席情况", max_length=10, choices=Status.choices)
    reason = models.CharField("缺席/请假原因", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = CurrentAttendanceManager()
    all_objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = "出席情况"
        verbose_name_plural = "出席情况"
        ordering = ["activity_id", "cadre__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "cadre"], name="attendance_once_per_member"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="absent", reason=""),
                name="attendance_absent_has_reason",
                violation_error_message="缺席须填写原因。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id}: {self.get_status_display()}"


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="activity__branch__unit", branch="activity__branch"))


def attachment_path(instance, filename: str) -> str:
    # A random name: the original one is kept in a column, never trusted as a path.
    ext = ".pdf" if instance.file_type == ActivityAttachment.FileType.PDF else ".img"
    return f"branches/activities/{instance.activity_id}/{uuid.uuid4().hex}{ext}"


class ActivityAttachment(models.Model):
    class FileType(models.TextChoices):
        IMAGE = "image", "照片"
        PDF = "pdf", "PDF文件"

    activity = models.ForeignKey(
        BranchActivity, verbose_name="活动", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    file_type = models.CharField("类型", max_length=10, choices=FileType.choices)
    content_type = models.CharField("MIME类型", max_length=50)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = "活动附件"
        verbose_name_plural = "活动附件"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class ComplianceRule(models.Model):
    """A 三会一课 threshold (data, editable in the admin): at least `min_count` activities of
    `kind` in every `period` (month or quarter)."""

    class Period(models.TextChoices):
        MONTH = "month", "每月"
        QUARTER = "quarter", "每季度"

    kind = models.CharField("活动类型", max_length=30, choices=ActivityKind.choices, unique=True)
    period = models.CharField("周期", max_length=10, choices=Period.choices)
    min_count = models.PositiveSmallIntegerField(
        "最少次数", default=1, validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "三会一课标准"
        verbose_name_plural = "三会一课标准"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(min_count__gte=1), name="rule_min_count_pos")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_period_display()}≥{self.min_count}"
