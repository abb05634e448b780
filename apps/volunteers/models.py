from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre

MAX_HOURS_PER_DAY = Decimal("24")
HOURS = {"max_digits": 4, "decimal_places": 1}
BALANCE = {"max_digits": 10, "decimal_places": 1}

# Secretaries reach volunteer data through their branch's current members.
_ACTIVE = {"left_on__isnull": True}


def _member_filter(prefix: str) -> dict:
    return {f"{prefix}__{k}": v for k, v in _ACTIVE.items()}


def _distinct_for_joins(qs, user):
    """Team leaders and secretaries reach rows through many-to-many joins (one row per match)."""
    if getattr(user, "role", "") in ("team_leader", "secretary"):
        return qs.model.objects.filter(pk__in=qs.values("pk"))
    return qs


class ServiceField(models.Model):
    """服务领域: data, editable in the admin (政策宣讲, 基层治理 …)."""

    name = models.CharField("领域名称", max_length=50, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "服务领域"
        verbose_name_plural = "服务领域"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class VolunteerTeamQuerySet(models.QuerySet):
    def visible_to(self, user):
        qs = self.filter(
            scope_q(
                user,
                unit="unit",
                team="",
                branch="volunteers__cadre__memberships__branch",
                branch_filter=_member_filter("volunteers__cadre__memberships"),
            )
        )
        return _distinct_for_joins(qs, user)

    def active(self):
        return self.filter(is_active=True)


class VolunteerTeam(models.Model):
    """志愿服务队: 总队 → 大队 → 分队, or a team of an old-party-member studio."""

    class Level(models.TextChoices):
        CORPS = "corps", "总队"
        BRIGADE = "brigade", "大队"
        SQUAD = "squad", "分队"
        STUDIO = "studio", "老党员工作室服务队"

    name = models.CharField("队伍名称", max_length=100)
    level = models.CharField("层级", max_length=20, choices=Level.choices, default=Level.SQUAD)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级队伍",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="volunteer_teams"
    )
    brand = models.CharField("服务品牌", max_length=100, blank=True)
    service_fields = models.ManyToManyField(
        ServiceField, verbose_name="服务领域", related_name="teams", blank=True
    )
    studio = models.ForeignKey(
        "branches.PartyStudio",
        verbose_name="依托老党员工作室",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_teams",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="队长（账号）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
    )
    founded_on = models.DateField("成立日期", null=True, blank=True)
    description = models.TextField("简介", blank=True)
    is_active = models.BooleanField("在运行", default=True)

    objects = VolunteerTeamQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿服务队"
        verbose_name_plural = "志愿服务队"
        ordering = ["unit_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="team_unique_name_in_unit"),
            models.CheckConstraint(
                condition=~Q(level="corps") | Q(parent__isnull=True),
                name="team_corps_has_no_parent",
                violation_error_message="总队不能有上级队伍。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.level == self.Level.CORPS and self.parent_id:
            errors["parent"] = "总队不能有上级队伍。"
        if self.level == self.Level.STUDIO and not self.studio_id:
            errors["studio"] = "老党员工作室服务队须选择依托的老党员工作室。"
        if self.parent_id and self.pk:
            node, seen = self.parent, set()
            while node is not None and node.pk not in seen:
                if node.pk == self.pk:
                    errors["parent"] = "上级队伍不能是本队或其下级队伍。"
                    break
                seen.add(node.pk)
                node = node.parent
        if errors:
            raise ValidationError(errors)


class VolunteerQuerySet(models.QuerySet):
    def visible_to(self, user):
        qs = self.filter(
            scope_q(
                user,
                unit="cadre__unit",
                team="teams",
                branch="cadre__memberships__branch",
                branch_filter=_member_filter("cadre__memberships"),
                cadre="cadre",
            )
        )
        return _distinct_for_joins(qs, user)

    def active(self):
        return self.filter(status=Volunteer.Status.ACTIVE)


class Volunteer(models.Model):
    """A cadre registered as a volunteer (银色人才)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "在岗"
        INACTIVE = "inactive", "停用"

    cadre = models.OneToOneField(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="volunteer"
    )
    registered_on = models.DateField("注册日期")
    skills = models.CharField("特长技能", max_length=200, blank=True)
    teams = models.ManyToManyField(
        VolunteerTeam, verbose_name="所在队伍", related_name="volunteers", blank=True
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    deactivated_on = models.DateField("停用日期", null=True, blank=True)
    deactivation_reason = models.CharField("停用原因", max_length=100, blank=True)
    # 时间银行 balance; changed only by apps/volunteers/services/timebank.py under a row lock.
    time_balance = models.DecimalField("时间银行余额（小时）", default=Decimal("0"), **BALANCE)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿者"
        verbose_name_plural = "志愿者"
        ordering = ["cadre__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(time_balance__gte=0),
                name="volunteer_time_balance_not_negative",
                violation_error_message="时间银行余额不能为负数。",
            )
        ]

    def __str__(self) -> str:
        return str(self.cadre)


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


class TimeBankEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(volunteer__in=Volunteer.objects.visible_to(user))


class TimeBankEntry(models.Model):
    """时间银行 ledger: every credit (confirmed service) and debit (redemption), never edited."""

    class Kind(models.TextChoices):
        CREDIT = "credit", "存入"
        DEBIT = "debit", "兑换"

    volunteer = models.ForeignKey(
        Volunteer, verbose_name="志愿者", on_delete=models.PROTECT, related_name="ledger"
    )
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    hours = models.DecimalField("时长（小时）", **BALANCE)
    balance_after = models.DecimalField("变动后余额", **BALANCE)
    on = models.DateField("日期")
    # A confirmed record credits once: the unique constraint makes crediting idempotent.
    record = models.OneToOneField(
        ServiceRecord,
        verbose_name="服务记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit",
    )
    description = models.CharField("说明", max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("记账时间", auto_now_add=True)

    objects = TimeBankEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "时间银行流水"
        verbose_name_plural = "时间银行流水"
        ordering = ["volunteer_id", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="timebank_hours_positive"),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="timebank_balance_after_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(kind="credit", record__isnull=False)
                | Q(kind="debit", record__isnull=True),
                name="timebank_credit_from_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.get_kind_display()} {self.hours}"


class KeyProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        qs = self.filter(scope_q(user, unit="unit", team="teams"))
        return _distinct_for_joins(qs, user)


class KeyProject(models.Model):
    """重点项目 (e.g. 银辉沐企 serving enterprises)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "筹备中"
        ACTIVE = "active", "实施中"
        DONE = "done", "已完成"
        SUSPENDED = "suspended", "已暂停"

    title = models.CharField("项目名称", max_length=200)
    partner = models.CharField("合作单位", max_length=200, blank=True)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="牵头单位", on_delete=models.PROTECT, related_name="key_projects"
    )
    teams = models.ManyToManyField(
        VolunteerTeam, verbose_name="参与队伍", related_name="projects", blank=True
    )
    field = models.ForeignKey(
        ServiceField,
        verbose_name="服务领域",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PLANNED)
    started_on = models.DateField("开始日期", null=True, blank=True)
    ended_on = models.DateField("结束日期", null=True, blank=True)
    description = models.TextField("项目简介", blank=True)

    objects = KeyProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "重点项目"
        verbose_name_plural = "重点项目"
        ordering = ["-started_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="project_ends_after_start",
                violation_error_message="结束日期不能早于开始日期。",
            )
        ]

    def __str__(self) -> str:
        return self.title


class MilestoneQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(project__in=KeyProject.objects.visible_to(user))


class ProjectMilestone(models.Model):
    project = models.ForeignKey(
        KeyProject, verbose_name="项目", on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField("节点", max_length=200)
    due_on = models.DateField("计划日期")
    done_on = models.DateField("完成日期", null=True, blank=True)
    notes = models.CharField("备注", max_length=200, blank=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = "项目节点"
        verbose_name_plural = "项目节点"
        ordering = ["project_id", "due_on"]

    def __str__(self) -> str:
        return self.title


def photo_path(instance: "ActivityPhoto", filename: str) -> str:
    import uuid

    ext = (filename.rsplit(".", 1)[-1] if "." in filename else "jpg").lower()[:5]
    return f"volunteers/photos/{instance.activity_id}/{uuid.uuid4().hex}.{ext}"


class ActivityPhotoQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(activity__in=VolunteerActivity.objects.visible_to(user))


class ActivityPhoto(models.Model):
    """A photo of an activity: stored under MEDIA_ROOT, served only by a scoped view."""

    activity = models.ForeignKey(
        VolunteerActivity, verbose_name="活动", on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField("照片", upload_to=photo_path, max_length=200)
    content_type = models.CharField("文件类型", max_length=50)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = ActivityPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = "活动照片"
        verbose_name_plural = "活动照片"
        ordering = ["activity_id", "pk"]

    def __str__(self) -> str:
        return self.image.name
