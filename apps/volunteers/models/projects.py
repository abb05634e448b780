"""Key projects (重点项目) and their milestones."""

from decimal import Decimal  # noqa: F401

from django.conf import settings  # noqa: F401
from django.core.validators import MaxValueValidator, MinValueValidator  # noqa: F401
from django.db import models
from django.db.models import Q  # noqa: F401

from apps.accounts.models import OrgUnit  # noqa: F401
from apps.accounts.scope import scope_q  # noqa: F401
from apps.cadres.models import Cadre  # noqa: F401

from ._common import BALANCE, HOURS, MAX_HOURS_PER_DAY, _distinct_for_joins, _member_filter  # noqa: F401
from .teams import ServiceField, VolunteerTeam  # noqa: F401


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
