from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q
from apps.core.dates import years_ago  # noqa: F401 - re-exported: apps import it from here

from .idcard import validate_id_number
from .pinyin import name_initials


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class CadreQuerySet(models.QuerySet):
    def visible_to(self, user):
        qs = self.filter(
            scope_q(
                user,
                unit="unit",
                branch="memberships__branch",
                branch_filter={"memberships__left_on__isnull": True},
                team="volunteer__teams",
                cadre="",
            )
        )
        # A team leader reaches a volunteer through a many-to-many: one row per shared team.
        return qs.distinct() if getattr(user, "role", "") == "team_leader" else qs

    def alive(self):
        return self.filter(status=Cadre.Status.ACTIVE)

    def aged_between(self, low: int | None, high: int | None, *, on: date):
        """Age in completed years (周岁) on `on`, `low` <= age < `high`."""
        qs = self
        if low is not None:
            qs = qs.filter(birth_date__lte=years_ago(on, low))
        if high is not None:
            qs = qs.filter(birth_date__gt=years_ago(on, high))
        return qs

    # The four standing views of provincial systems (四库).
    def senior_leaders(self):
        return self.filter(rank__in=[Cadre.Rank.PROVINCIAL, Cadre.Rank.BUREAU])

    def party_members(self):
        return self.filter(political_status=Cadre.Political.CPC)

    def silver_talent(self):
        return self.filter(volunteer__isnull=False)

    def in_hardship(self):
        return self.filter(hardship=True)


class Cadre(models.Model):
    """A retired official on the register (离退休干部)."""

    class RetirementKind(models.TextChoices):
        LIXIU = "lixiu", "离休"
        TUIXIU = "tuixiu", "退休"

    class Rank(models.TextChoices):
        PROVINCIAL = "provincial", "省部级"
        BUREAU = "bureau", "厅局级"
        COUNTY = "county", "县处级"
        SECTION = "section", "乡科级"
        OTHER = "other", "其他"

    class Political(models.TextChoices):
        CPC = "cpc", "中共党员"
        DEMOCRATIC = "democratic", "民主党派"
        MASSES = "masses", "群众"

    class Health(models.TextChoices):
        GOOD = "good", "良好"
        FAIR = "fair", "一般"
        POOR = "poor", "较差"
        DISABLED = "disabled", "失能"

    class Living(models.TextChoices):
        ALONE = "alone", "独居"
        EMPTY_NEST = "empty_nest", "空巢"
        WITH_CHILDREN = "with_children", "与子女同住"
        CARE_HOME = "care_home", "养老机构"

    class Status(models.TextChoices):
        ACTIVE = "active", "在册"
        DECEASED = "deceased", "已故"
        MOVED = "moved", "迁出"
        REMOVED = "removed", "注销"

    name = models.CharField("姓名", max_length=50)
    name_initials = models.CharField("姓名拼音首字母", max_length=50, editable=False, db_index=True)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    birth_date = models.DateField("出生日期", db_index=True)
    id_number = models.CharField(
        "身份证号", max_length=18, unique=True, validators=[validate_id_number]
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    address = models.CharField("现住址", max_length=200, blank=True)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="管理单位", on_delete=models.PROTECT, related_name="cadres"
    )
    original_employer = models.CharField("原工作单位", max_length=100, blank=True)
    original_post = models.CharField("原职务", max_length=100, blank=True)
    retirement_kind = models.CharField("离退休类别", max_length=10, choices=RetirementKind.choices)
    retirement_date = models.DateField("离退休时间", null=True, blank=True)
    rank = models.CharField("职级", max_length=20, choices=Rank.choices, default=Rank.OTHER)
    political_status = models.CharField(
        "政治面貌", max_length=20, choices=Political.choices, default=Political.MASSES
    )
    party_joined_on = models.DateField("入党时间", null=True, blank=True)
    health = models.CharField(
        "健康状况", max_length=20, choices=Health.choices, default=Health.GOOD
    )
    living_situation = models.CharField(
        "居住情况", max_length=20, choices=Living.choices, default=Living.WITH_CHILDREN
    )
    relocated = models.BooleanField("易地安置", default=False)
    relocated_place = models.CharField("安置地", max_length=100, blank=True)
    hardship = models.BooleanField("困难", default=False)
    interests = models.CharField("兴趣特长", max_length=200, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    deceased_on = models.DateField("去世日期", null=True, blank=True)
    # Leaving the register is a status, never a delete: the date and reason stay on the row and
    # every change is in `history` (with who made it).
    left_on = models.DateField("离册日期", null=True, blank=True)
    left_reason = models.CharField("离册原因", max_length=200, blank=True)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["name_initials", "updated_at"])
    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = "离退休干部"
        verbose_name_plural = "离退休干部"
        ordering = ["unit_id", "name", "pk"]
        permissions = [("view_sensitive", "查看身份证号、电话等个人敏感信息")]
        indexes = [
            models.Index(fields=["unit", "status"], name="cadre_unit_status"),
            models.Index(
                fields=["name_initials"],
                name="cadre_initials_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", deceased_on__isnull=True)
                | Q(status="deceased", deceased_on__isnull=False)
                | Q(status__in=["moved", "removed"], deceased_on__isnull=True),
                name="cadre_deceased_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status="active", left_on__isnull=True, left_reason="")
                | ~Q(status="active"),
                name="cadre_active_not_left",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["moved", "removed"])
                | (Q(left_on__isnull=False) & ~Q(left_reason="")),
                name="cadre_left_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(relocated=True) | Q(relocated_place=""),
                name="cadre_relocated_place_only_when_relocated",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Derived search key, kept true on every write path (admin, import, forms).
        self.name_initials = name_initials(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_initials"}
        super().save(*args, **kwargs)

    def clean(self):
        from .validation import cadre_clean

        cadre_clean(self)

    def age_on(self, day: date) -> int:
        return (
            day.year
            - self.birth_date.year
            - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))
        )

    @property
    def is_party_member(self) -> bool:
        return self.political_status == self.Political.CPC

    @property
    def is_deceased(self) -> bool:
        return self.status == self.Status.DECEASED

    @property
    def on_register(self) -> bool:
        return self.status == self.Status.ACTIVE

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("cadres:detail", args=[self.pk])


class CadreChildQuerySet(models.QuerySet):
    """Records that belong to one cadre are seen by whoever sees the cadre."""

    def visible_to(self, user):
        return self.filter(cadre__in=Cadre.objects.visible_to(user))


class FamilyContact(models.Model):
    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.CASCADE, related_name="family_contacts"
    )
    name = models.CharField("姓名", max_length=50)
    relation = models.CharField("关系", max_length=20)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    address = models.CharField("住址", max_length=200, blank=True)
    is_primary = models.BooleanField("主要联系人", default=False)
    notes = models.CharField("备注", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = CadreChildQuerySet.as_manager()

    class Meta:
        verbose_name = "家属联系人"
        verbose_name_plural = "家属联系人"
        ordering = ["-is_primary", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.relation}）"


class Hospitalization(models.Model):
    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="hospitalizations"
    )
    hospital = models.CharField("医院", max_length=100)
    admitted_on = models.DateField("入院日期")
    discharged_on = models.DateField("出院日期", null=True, blank=True)
    diagnosis = models.CharField("病情", max_length=200, blank=True)
    notes = models.TextField("备注", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = HistoricalRecords()
    objects = CadreChildQuerySet.as_manager()

    class Meta:
        verbose_name = "住院记录"
        verbose_name_plural = "住院记录"
        ordering = ["-admitted_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True)
                | Q(discharged_on__gte=models.F("admitted_on")),
                name="hospitalization_discharge_after_admission",
                violation_error_message="出院日期不能早于入院日期。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.hospital} {self.admitted_on}"

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        today = timezone.localdate()
        if self.admitted_on and self.admitted_on > today:
            raise ValidationError({"admitted_on": "入院日期不能晚于今天。"})
        if self.discharged_on and self.discharged_on > today:
            raise ValidationError({"discharged_on": "出院日期不能晚于今天。"})
        if self.discharged_on and self.admitted_on and self.discharged_on < self.admitted_on:
            raise ValidationError({"discharged_on": "出院日期不能早于入院日期。"})


class LifeEvent(models.Model):
    class Kind(models.TextChoices):
        DISPUTE = "dispute", "矛盾纠纷"
        DISASTER = "disaster", "天灾人祸"
        OTHER = "other", "其他困难"

    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="life_events"
    )
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    occurred_on = models.DateField("发生日期")
    description = models.TextField("情况说明")
    resolved_on = models.DateField("解决日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = HistoricalRecords()
    objects = CadreChildQuerySet.as_manager()

    class Meta:
        verbose_name = "重大事项"
        verbose_name_plural = "重大事项"
        ordering = ["-occurred_on"]

    def __str__(self) -> str:
        return f"{self.cadre} {self.get_kind_display()} {self.occurred_on}"

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        if self.occurred_on and self.occurred_on > timezone.localdate():
            raise ValidationError({"occurred_on": "发生日期不能晚于今天。"})
        if self.resolved_on and self.occurred_on and self.resolved_on < self.occurred_on:
            raise ValidationError({"resolved_on": "解决日期不能早于发生日期。"})
