"""办实事项目 / 重点课题 with milestones and budget."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.accounts.models import OrgUnit

from .base import MONEY, USER, UnitScopedQuerySet


class Project(models.Model):
    class Kind(models.TextChoices):
        PRACTICAL = "practical", "办实事项目"
        KEY_TOPIC = "key_topic", "重点课题"

    class Status(models.TextChoices):
        PLANNED = "planned", "计划中"
        ONGOING = "ongoing", "推进中"
        DONE = "done", "已完成"

    unit = models.ForeignKey(
        OrgUnit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="steering_projects"
    )
    year = models.PositiveIntegerField("年度")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    goal = models.TextField("目标与内容", blank=True)
    lead = models.CharField("牵头负责人", max_length=50, blank=True)
    budget = models.DecimalField("预算（元）", **MONEY, default=Decimal("0"))
    spent = models.DecimalField("已支出（元）", **MONEY, default=Decimal("0"))
    status = models.CharField("状态", max_length=10, choices=Status.choices, default="planned")
    outcome = models.TextField("成效", blank=True)

    history = HistoricalRecords()
    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "办实事项目/重点课题"
        verbose_name_plural = "办实事项目/重点课题"
        ordering = ["-year", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0) & Q(spent__gte=0), name="project_money_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MilestoneQuerySet(UnitScopedQuerySet):
    unit_path = "project__unit"


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="milestones"
    )
    title = models.CharField("节点", max_length=200)
    due_on = models.DateField("计划日期")
    done_on = models.DateField("完成日期", null=True, blank=True)
    done_by = models.ForeignKey(
        USER,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = "项目节点"
        verbose_name_plural = "项目节点"
        ordering = ["project_id", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title
