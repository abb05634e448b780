import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre

from .core import PartyBranch

SCORE = [MaxValueValidator(100)]


class BranchScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="branch__unit", branch="branch"))


class SixGoodAssessment(models.Model):
    """六好 assessment of a branch for one year: six items scored 0-100, and a result."""

    class Result(models.TextChoices):
        SIX_GOOD = "six_good", "六好党支部"
        QUALIFIED = "qualified", "合格"
        BASIC = "basic", "基本合格"
        UNQUALIFIED = "unqualified", "不合格"

    branch = models.ForeignKey(
        PartyBranch, verbose_name="党支部", on_delete=models.PROTECT, related_name="assessments"
    )
    year = models.PositiveIntegerField("年度")
    organisation = models.PositiveSmallIntegerField("组织设置好", validators=SCORE)
    leadership = models.PositiveSmallIntegerField("班子建设好", validators=SCORE)
    members = models.PositiveSmallIntegerField("党员队伍好", validators=SCORE)
    study = models.PositiveSmallIntegerField("学习活动好", validators=SCORE)
    role = models.PositiveSmallIntegerField("作用发挥好", validators=SCORE)
    rules = models.PositiveSmallIntegerField("制度坚持好", validators=SCORE)
    result = models.CharField("评定结果", max_length=20, choices=Result.choices)
    assessed_on = models.DateField("评定日期", null=True, blank=True)
    notes = models.TextField("评语", blank=True)

    objects = BranchScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "六好党支部评定"
        verbose_name_plural = "六好党支部评定"
        ordering = ["-year", "branch_id"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year"], name="sixgood_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.branch} {self.year}"

    @property
    def total(self) -> int:
        return (
            self.organisation + self.leadership + self.members + self.study + self.role + self.rules
        )


def evidence_path(instance, filename: str) -> str:
    return f"branches/rectifications/{instance.pk or 'new'}/{uuid.uuid4().hex}.bin"


class Rectification(models.Model):
    """整改任务: a problem found in a branch, with a deadline, an owner and evidence."""

    class Status(models.TextChoices):
        OPEN = "open", "整改中"
        SUBMITTED = "submitted", "待验收"
        DONE = "done", "已完成"

    branch = models.ForeignKey(
        PartyBranch, verbose_name="党支部", on_delete=models.PROTECT, related_name="rectifications"
    )
    problem = models.TextField("存在问题")
    deadline = models.DateField("整改期限")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="branch_rectifications",
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField("整改情况", blank=True)
    evidence_file = models.FileField(
        "佐证材料", upload_to=evidence_path, blank=True, max_length=200
    )
    evidence_name = models.CharField("佐证材料文件名", max_length=200, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    closed_on = models.DateField("验收日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="下达人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("下达时间", auto_now_add=True)

    objects = BranchScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "整改任务"
        verbose_name_plural = "整改任务"
        ordering = ["status", "deadline"]
        indexes = [models.Index(fields=["status", "deadline"], name="rectification_due")]

    def __str__(self) -> str:
        return f"{self.branch}：{self.problem[:20]}"


class PartyStudioQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="unit", branch="branch"))


class PartyStudio(models.Model):
    """老党员工作室 / 老党员之家."""

    class Kind(models.TextChoices):
        STUDIO = "studio", "老党员工作室"
        HOME = "home", "老党员之家"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.STUDIO)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="party_studios"
    )
    branch = models.ForeignKey(
        PartyBranch,
        verbose_name="依托党支部",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="studios",
    )
    leader = models.ForeignKey(
        Cadre,
        verbose_name="负责人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_studios",
    )
    address = models.CharField("地址", max_length=200, blank=True)
    established_on = models.DateField("成立日期", null=True, blank=True)
    description = models.TextField("特色与成效", blank=True)

    objects = PartyStudioQuerySet.as_manager()

    class Meta:
        verbose_name = "老党员工作室"
        verbose_name_plural = "老党员工作室"
        ordering = ["unit_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="studio_unique_name_in_unit"),
        ]

    def __str__(self) -> str:
        return self.name
