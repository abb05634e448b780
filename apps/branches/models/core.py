from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre


class PartyBranchQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(
            scope_q(
                user,
                unit="unit",
                branch="",
                cadre="memberships__cadre",
                cadre_filter={"memberships__left_on__isnull": True},
            )
        )


class PartyBranch(models.Model):
    """离退休干部党支部 (or 党总支), on one org unit, with one secretary user."""

    class Kind(models.TextChoices):
        GENERAL = "general", "党总支"
        BRANCH = "branch", "党支部"
        JOINT = "joint", "联合党支部"
        TEMPORARY = "temporary", "临时党支部"

    class DemoLevel(models.TextChoices):
        NONE = "", "无"
        PROVINCIAL = "provincial", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"

    name = models.CharField("支部名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.BRANCH)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级党组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="branches"
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="支部书记（账号）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="secretary_of",
    )
    founded_on = models.DateField("成立日期", null=True, blank=True)
    demo_level = models.CharField(
        "示范党支部", max_length=20, choices=DemoLevel.choices, blank=True, default=""
    )
    demo_year = models.PositiveIntegerField("示范命名年度", null=True, blank=True)
    address = models.CharField("活动地点", max_length=200, blank=True)
    notes = models.TextField("备注", blank=True)

    history = HistoricalRecords()
    objects = PartyBranchQuerySet.as_manager()

    class Meta:
        verbose_name = "党支部"
        verbose_name_plural = "党支部"
        ordering = ["unit_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="branch_unique_name_in_unit"),
            models.CheckConstraint(
                condition=Q(demo_level="", demo_year__isnull=True)
                | (~Q(demo_level="") & Q(demo_year__isnull=False)),
                name="branch_demo_level_has_year",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if bool(self.demo_level) != bool(self.demo_year):
            raise ValidationError({"demo_year": "示范党支部须同时填写级别和命名年度。"})
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": "上级党组织不能是本支部或其下级支部。"})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="branch__unit", branch="branch", cadre="cadre"))

    def active(self):
        return self.filter(left_on__isnull=True)

    def on(self, day):
        """Members of the branch on `day` (joined by then and not yet left)."""
        return self.filter(joined_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gte=day))


class Membership(models.Model):
    """A party-member cadre's membership of a branch; history is kept by closing (left_on)."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", "书记"
        DEPUTY = "deputy", "副书记"
        COMMITTEE = "committee", "委员"
        MEMBER = "member", "党员"

    cadre = models.ForeignKey(
        Cadre, verbose_name="党员", on_delete=models.PROTECT, related_name="memberships"
    )
    branch = models.ForeignKey(
        PartyBranch, verbose_name="党支部", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("职务", max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField("转入日期")
    left_on = models.DateField("转出日期", null=True, blank=True)
    left_reason = models.CharField("转出原因", max_length=200, blank=True)
    # Retirees' dues are a rate of the monthly pension (党费收缴标准); kept here, not on the
    # register, because only the branch needs it and it changes with each year's pension rise.
    pension = models.DecimalField(
        "月退休费（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "支部党员"
        verbose_name_plural = "支部党员"
        ordering = ["branch_id", "cadre__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre"],
                condition=Q(left_on__isnull=True),
                name="membership_one_active_per_cadre",
                violation_error_message="该党员已在其他支部，请先办理转出。",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]

    def clean(self):
        if self.cadre_id and self.cadre.political_status != Cadre.Political.CPC:
            raise ValidationError({"cadre": "只有中共党员才能编入党支部。"})

    def __str__(self) -> str:
        return f"{self.cadre} @ {self.branch}"
