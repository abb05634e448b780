"""Service plans: 一人一策 for each 离休 cadre, 一类一策 for groups of 退休 cadres."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre


class ServiceNeed(models.Model):
    """An item of the needs menu (心理疏导, 文体活动, 医疗保健, 生活照料 …): data, not code."""

    name = models.CharField("名称", max_length=30, unique=True)
    description = models.CharField("说明", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        db_table = "services_serviceneed"
        verbose_name = "服务需求项"
        verbose_name_plural = "服务需求菜单"
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class ServicePlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="unit"))

    def active(self):
        return self.filter(status=ServicePlan.Status.ACTIVE)


class ServicePlan(models.Model):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "一人一策"
        GROUP = "group", "一类一策"

    class Status(models.TextChoices):
        ACTIVE = "active", "执行中"
        CLOSED = "closed", "已结束"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=100)
    cadre = models.ForeignKey(
        Cadre,
        verbose_name="干部",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_plans",
    )
    group_description = models.CharField(
        "服务对象群体",
        max_length=200,
        blank=True,
        help_text="一类一策时填写，如“独居高龄退休干部”。",
    )
    # For 一人一策 the cadre's unit; for 一类一策 the unit whose cadres form the group.
    unit = models.ForeignKey(
        OrgUnit, verbose_name="管理单位", on_delete=models.PROTECT, related_name="service_plans"
    )
    needs = models.ManyToManyField(
        ServiceNeed, verbose_name="服务需求", blank=True, db_table="services_serviceplan_needs"
    )
    situation = models.TextField("基本情况", blank=True)
    measures = models.TextField("服务措施")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        on_delete=models.PROTECT,
        related_name="responsible_plans",
    )
    review_on = models.DateField("下次评估日期")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ServicePlanQuerySet.as_manager()

    class Meta:
        db_table = "services_serviceplan"
        verbose_name = "服务方案"
        verbose_name_plural = "服务方案"
        ordering = ["review_on", "pk"]
        indexes = [models.Index(fields=["status", "review_on"], name="serviceplan_review")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="individual", cadre__isnull=False)
                | Q(kind="group", cadre__isnull=True) & ~Q(group_description=""),
                name="serviceplan_subject_matches_kind",
                violation_error_message="一人一策须选择干部；一类一策须填写服务对象群体。",
            ),
            models.UniqueConstraint(
                fields=["cadre"],
                condition=Q(status="active", kind="individual"),
                name="serviceplan_one_active_per_cadre",
                violation_error_message="该干部已有执行中的一人一策方案。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.kind == self.Kind.INDIVIDUAL and not self.cadre_id:
            raise ValidationError({"cadre": "一人一策须选择干部。"})
        if self.kind == self.Kind.GROUP:
            if self.cadre_id:
                raise ValidationError({"cadre": "一类一策不针对单个干部。"})
            if not self.group_description:
                raise ValidationError({"group_description": "一类一策须填写服务对象群体。"})
