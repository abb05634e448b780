from django.conf import settings
from django.db import models

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre


class VolunteerTeamQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="unit", team=""))


class VolunteerTeam(models.Model):
    """志愿服务队: 总队 → 大队 → 分队."""

    class Level(models.TextChoices):
        CORPS = "corps", "总队"
        BRIGADE = "brigade", "大队"
        SQUAD = "squad", "分队"

    name = models.CharField("队伍名称", max_length=100)
    level = models.CharField("层级", max_length=20, choices=Level.choices, default=Level.SQUAD)
    parent = models.ForeignKey(
        "self", verbose_name="上级队伍", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="volunteer_teams"
    )
    brand = models.CharField("服务品牌", max_length=100, blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="队长（账号）", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="led_teams",
    )

    objects = VolunteerTeamQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿服务队"
        verbose_name_plural = "志愿服务队"
        ordering = ["unit_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="team_unique_name_in_unit")
        ]

    def __str__(self) -> str:
        return self.name


class VolunteerQuerySet(models.QuerySet):
    def visible_to(self, user):
        qs = self.filter(scope_q(user, unit="cadre__unit", team="teams"))
        return qs.distinct() if getattr(user, "role", "") == "team_leader" else qs


class Volunteer(models.Model):
    """A cadre registered as a volunteer (银色人才)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "在岗"
        INACTIVE = "inactive", "停用"

    cadre = models.OneToOneField(
        Cadre, verbose_name="干部", on_delete=models.CASCADE, related_name="volunteer"
    )
    registered_on = models.DateField("注册日期")
    skills = models.CharField("特长技能", max_length=200, blank=True)
    teams = models.ManyToManyField(VolunteerTeam, verbose_name="所在队伍", related_name="volunteers", blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ACTIVE)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿者"
        verbose_name_plural = "志愿者"
        ordering = ["cadre__name"]

    def __str__(self) -> str:
        return str(self.cadre)
