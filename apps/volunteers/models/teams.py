"""Service fields, teams and volunteers."""

from decimal import Decimal  # noqa: F401

from django.conf import settings  # noqa: F401
from django.core.validators import MaxValueValidator, MinValueValidator  # noqa: F401
from django.db import models
from django.db.models import Q  # noqa: F401

from apps.accounts.models import OrgUnit  # noqa: F401
from apps.accounts.scope import scope_q  # noqa: F401
from apps.cadres.models import Cadre  # noqa: F401

from ._common import BALANCE, HOURS, MAX_HOURS_PER_DAY, _distinct_for_joins, _member_filter  # noqa: F401


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
