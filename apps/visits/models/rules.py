from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from apps.accounts.models import Role
from apps.cadres.models import Cadre


class Occasion(models.TextChoices):
    """What a visit is for: the six must-visit occasions (六个必访) and the periodic ones."""

    FESTIVAL = "festival", "重要节日"
    HOSPITAL = "hospital", "生病住院"
    HOSPITAL_FOLLOWUP = "hospital_followup", "出院回访/长期住院探望"
    BIRTHDAY = "birthday", "整十生日"
    CONDOLENCE = "condolence", "因病逝世"
    DISPUTE = "dispute", "矛盾纠纷"
    DISASTER = "disaster", "天灾人祸"
    ROUTINE = "routine", "日常联系"
    CAMPAIGN = "campaign", "集中慰问"


class FestivalCalendar(models.TextChoices):
    SOLAR = "solar", "公历"
    LUNAR = "lunar", "农历"


class AgeReckoning(models.TextChoices):
    ZHOUSUI = "zhousui", "周岁"
    XUSUI = "xusui", "虚岁"


class Period(models.TextChoices):
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    YEAR = "year", "每年"


class Subject(models.TextChoices):
    CADRE = "cadre", "在册干部本人"
    SURVIVOR = "survivor", "已故干部遗属"


class Relocation(models.TextChoices):
    ANY = "any", "不限"
    ONLY = "only", "仅易地安置"
    EXCLUDE = "exclude", "不含易地安置"


class VisitRuleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class VisitRule(models.Model):
    """A must-visit rule (必访规则): data edited in the admin, read afresh by every daily run,
    so a changed notice period or coverage takes effect on the next run without a restart."""

    code = models.SlugField("规则代码", max_length=50, unique=True)
    name = models.CharField("名称", max_length=100)
    occasion = models.CharField("走访事由", max_length=30, choices=Occasion.choices)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    # 重要节日
    festival_calendar = models.CharField(
        "历法", max_length=10, choices=FestivalCalendar.choices, blank=True
    )
    festival_month = models.PositiveSmallIntegerField(
        "节日月份", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    festival_day = models.PositiveSmallIntegerField(
        "节日日期", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    # 整十生日
    ages = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name="生日年龄",
        blank=True,
        default=list,
        help_text="如 70,80,90,100",
    )
    age_reckoning = models.CharField(
        "年龄算法", max_length=10, choices=AgeReckoning.choices, default=AgeReckoning.ZHOUSUI
    )
    # 日常联系
    period = models.CharField("周期", max_length=10, choices=Period.choices, blank=True)
    # Event-driven occasions: the visit is due this many days after the event (入院、去世、纠纷…);
    # for hospital follow-up, after discharge.
    days_after = models.PositiveSmallIntegerField("处置时限（天）", default=7)
    repeat_days = models.PositiveSmallIntegerField(
        "长期住院探望间隔（天）",
        null=True,
        blank=True,
        help_text="住院超过该天数仍未出院的，每隔该天数探望一次；留空则不重复。",
    )
    notice_days = models.PositiveSmallIntegerField(
        "提前提醒（天）",
        default=7,
        help_text="节日、生日在到期前该天数生成走访；到期前该天数内提醒责任人。",
    )
    remind_assignee = models.BooleanField(
        "提醒责任人",
        default=True,
        help_text="每月电话联系这类覆盖全员的规则可关闭逐条提醒（到期与逾期），以免提醒过多。",
    )

    # Who is covered
    subject = models.CharField(
        "对象", max_length=10, choices=Subject.choices, default=Subject.CADRE
    )
    retirement_kind = models.CharField(
        "离退休类别",
        max_length=10,
        choices=Cadre.RetirementKind.choices,
        blank=True,
        help_text="留空为不限",
    )
    party_members_only = models.BooleanField("仅党员", default=False)
    relocation = models.CharField(
        "易地安置", max_length=10, choices=Relocation.choices, default=Relocation.ANY
    )
    min_age = models.PositiveSmallIntegerField("最低年龄（周岁）", null=True, blank=True)
    living_situations = ArrayField(
        models.CharField(max_length=20, choices=Cadre.Living.choices),
        verbose_name="居住情况",
        blank=True,
        default=list,
    )
    health_levels = ArrayField(
        models.CharField(max_length=20, choices=Cadre.Health.choices),
        verbose_name="健康状况",
        blank=True,
        default=list,
    )
    risk_any = models.BooleanField(
        "年龄/居住/健康任一符合即可",
        default=False,
        help_text="勾选后，最低年龄、居住情况、健康状况三项满足其一即覆盖（如 80岁以上或独居或失能）。",
    )
    responsible_role = models.CharField(
        "责任岗位",
        max_length=20,
        default=Role.DISTRICT_STAFF,
        choices=[
            (Role.DISTRICT_STAFF.value, Role.DISTRICT_STAFF.label),
            (Role.BUREAU_STAFF.value, Role.BUREAU_STAFF.label),
        ],
        help_text="走访分派给干部所在单位（或最近的上级单位）中该岗位的工作人员。",
    )
    notes = models.TextField("说明", blank=True)

    objects = VisitRuleQuerySet.as_manager()

    class Meta:
        db_table = "services_visitrule"
        verbose_name = "必访规则"
        verbose_name_plural = "必访规则"
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(occasion="festival")
                | Q(festival_month__isnull=False, festival_day__isnull=False)
                & ~Q(festival_calendar=""),
                name="visitrule_festival_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.occasion == Occasion.FESTIVAL:
            if not (self.festival_calendar and self.festival_month and self.festival_day):
                errors["festival_day"] = "节日规则须填写历法、月份和日期。"
            elif self.festival_calendar == FestivalCalendar.LUNAR and self.festival_day > 30:
                errors["festival_day"] = "农历日期不超过三十。"
        if self.occasion == Occasion.BIRTHDAY and not self.ages:
            errors["ages"] = "生日规则须填写年龄，如 70,80,90,100。"
        if self.occasion == Occasion.ROUTINE and not self.period:
            errors["period"] = "日常联系规则须选择周期。"
        if errors:
            raise ValidationError(errors)
