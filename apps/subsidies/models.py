"""Subsidies (补贴): types with their rules as data, entitlements, monthly payment batches.

Months are stored as the first day of the month (`date(2026, 12, 1)`), so a month compares and
indexes like any date and a range of months is a PostgreSQL daterange.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Func, Q
from simple_history.models import HistoricalRecords

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre

MONEY = {"max_digits": 12, "decimal_places": 2}
POSITIVE = [MinValueValidator(Decimal("0.01"), message="金额须大于0。")]


def month_start(day):
    return day.replace(day=1) if day else day


def month_label(day) -> str:
    return f"{day.year}年{day.month}月" if day else ""


class MonthRange(Func):
    """daterange(from, to, '[]'): `to` NULL means open-ended."""

    function = "DATERANGE"
    output_field = DateRangeField()


class SubsidyType(models.Model):
    """A kind of subsidy (护理费, 高龄补贴, 困难帮扶 …). Who qualifies is data: an `age` rule gives
    the standard amount by age band from the month(s) after the birthday; a `manual` rule means
    each entitlement is approved case by case."""

    class Rule(models.TextChoices):
        MANUAL = "manual", "个案审批"
        AGE = "age", "按年龄（高龄）"

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    rule = models.CharField("享受条件", max_length=20, choices=Rule.choices, default=Rule.MANUAL)
    retirement_kind = models.CharField(
        "限离退休类别",
        max_length=10,
        choices=Cadre.RetirementKind.choices,
        blank=True,
        help_text="留空表示离休、退休均可享受。",
    )
    start_offset_months = models.PositiveSmallIntegerField(
        "生日后第几个月起享受",
        default=1,
        help_text="按年龄享受时：1 表示满龄生日的次月起发放。",
    )
    standard_amount = models.DecimalField(
        "标准月额（元）", **MONEY, null=True, blank=True, validators=POSITIVE
    )
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    notes = models.TextField("政策依据及说明", blank=True)

    class Meta:
        db_table = "services_subsidytype"
        verbose_name = "补贴类型"
        verbose_name_plural = "补贴类型"
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class SubsidyAgeBand(models.Model):
    """Standard monthly amount for an age band of an age-rule type (80–89 → 100 元 …)."""

    subsidy_type = models.ForeignKey(
        SubsidyType, verbose_name="补贴类型", on_delete=models.CASCADE, related_name="age_bands"
    )
    min_age = models.PositiveSmallIntegerField("起始年龄（周岁）")
    max_age = models.PositiveSmallIntegerField(
        "截止年龄（周岁，含）", null=True, blank=True, help_text="留空表示不设上限。"
    )
    monthly_amount = models.DecimalField("标准月额（元）", **MONEY, validators=POSITIVE)

    class Meta:
        db_table = "services_subsidyageband"
        verbose_name = "年龄段标准"
        verbose_name_plural = "年龄段标准"
        ordering = ["subsidy_type", "min_age"]
        constraints = [
            models.UniqueConstraint(
                fields=["subsidy_type", "min_age"], name="subsidyageband_once_per_age"
            ),
            models.CheckConstraint(
                condition=Q(monthly_amount__gt=0), name="subsidyageband_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        upper = f"{self.max_age}" if self.max_age is not None else ""
        return f"{self.subsidy_type} {self.min_age}–{upper}岁 {self.monthly_amount}元"


class CadreBankAccountQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="cadre__unit"))


class CadreBankAccount(models.Model):
    """The account subsidies are paid into; every change is kept (simple_history) because a
    changed account is how money goes astray."""

    cadre = models.OneToOneField(
        Cadre, verbose_name="干部", on_delete=models.CASCADE, related_name="bank_account"
    )
    bank_name = models.CharField("开户行", max_length=100)
    account_name = models.CharField("户名", max_length=50)
    account_number = models.CharField("账号", max_length=40)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(table_name="services_historicalcadrebankaccount")
    objects = CadreBankAccountQuerySet.as_manager()

    class Meta:
        db_table = "services_cadrebankaccount"
        verbose_name = "发放账户"
        verbose_name_plural = "发放账户"

    def __str__(self) -> str:
        return f"{self.cadre} {self.bank_name}"

    def clean(self):
        digits = (self.account_number or "").replace(" ", "")
        if digits and not digits.isdigit():
            raise ValidationError({"account_number": "账号只能由数字组成。"})
        self.account_number = digits


class EntitlementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="cadre__unit", cadre="cadre"))

    def covering(self, month):
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=month), starts_on__lte=month)


class Entitlement(models.Model):
    """A cadre's approved right to a monthly subsidy from `starts_on` to `ends_on` (months,
    inclusive; open-ended when empty). The amount lives in EntitlementAmount rows so a change
    takes effect from a given month and the old amount stays for the months already paid."""

    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="entitlements"
    )
    subsidy_type = models.ForeignKey(
        SubsidyType, verbose_name="补贴类型", on_delete=models.PROTECT, related_name="entitlements"
    )
    monthly_amount = models.DecimalField(
        "当前月额（元）",
        **MONEY,
        validators=POSITIVE,
        help_text="调整金额请用“调整标准”，从指定月份起生效并保留历史。",
    )
    starts_on = models.DateField("起始月份")
    ends_on = models.DateField("终止月份", null=True, blank=True, help_text="留空表示长期享受。")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_on = models.DateField("审批日期", null=True, blank=True)
    approval_number = models.CharField("审批文号", max_length=60, blank=True)
    notes = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    history = HistoricalRecords(table_name="services_historicalentitlement")
    objects = EntitlementQuerySet.as_manager()

    class Meta:
        db_table = "services_entitlement"
        verbose_name = "补贴享受资格"
        verbose_name_plural = "补贴享受资格"
        ordering = ["cadre_id", "subsidy_type_id", "starts_on"]
        indexes = [models.Index(fields=["subsidy_type", "starts_on"], name="entitlement_type")]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_amount__gt=0),
                name="entitlement_amount_positive",
                violation_error_message="金额须大于0。",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__day=1) & (Q(ends_on__isnull=True) | Q(ends_on__day=1)),
                name="entitlement_whole_months",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="entitlement_ends_after_start",
                violation_error_message="终止月份不能早于起始月份。",
            ),
            ExclusionConstraint(
                name="entitlement_no_overlap",
                expressions=[
                    ("cadre", RangeOperators.EQUAL),
                    ("subsidy_type", RangeOperators.EQUAL),
                    (
                        MonthRange("starts_on", "ends_on", RangeBoundary(True, True)),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message="该干部同一补贴类型的享受期间与已有资格重叠。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.subsidy_type}"

    def clean(self):
        errors = {}
        if self.starts_on:
            self.starts_on = month_start(self.starts_on)
        if self.ends_on:
            self.ends_on = month_start(self.ends_on)
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "终止月份不能早于起始月份。"
        if self.monthly_amount is not None and self.monthly_amount.as_tuple().exponent < -2:
            errors["monthly_amount"] = "金额最多保留两位小数。"
        if errors:
            raise ValidationError(errors)

    def covers(self, month) -> bool:
        return self.starts_on <= month and (self.ends_on is None or self.ends_on >= month)


class EntitlementAmount(models.Model):
    """The amount of an entitlement from a month on; the row with the latest `effective_from`
    not after a month gives that month's amount."""

    entitlement = models.ForeignKey(
        Entitlement, verbose_name="享受资格", on_delete=models.CASCADE, related_name="amounts"
    )
    effective_from = models.DateField("生效月份")
    monthly_amount = models.DecimalField("月额（元）", **MONEY, validators=POSITIVE)
    reason = models.CharField("调整原因", max_length=200, blank=True)
    approval_number = models.CharField("审批文号", max_length=60, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        db_table = "services_entitlementamount"
        verbose_name = "金额调整"
        verbose_name_plural = "金额调整"
        ordering = ["entitlement", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["entitlement", "effective_from"], name="entitlementamount_once_per_month"
            ),
            models.CheckConstraint(
                condition=Q(monthly_amount__gt=0), name="entitlementamount_positive"
            ),
            models.CheckConstraint(
                condition=Q(effective_from__day=1), name="entitlementamount_whole_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{month_label(self.effective_from)}起 {self.monthly_amount}元"


class PaymentBatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        # A batch covers the whole city; its rows are scoped (Payment.visible_to). Every staff
        # user and leader may open the batch, seeing their own rows and totals of them.
        if scope_q(user, unit="unit") == Q(pk__in=[]):
            return self.none()
        return self


class PaymentBatch(models.Model):
    """The payments of one month (unique): 草稿 → 待审批 → 已审批 → 已发放. The list is frozen
    once approved; a paid batch refuses any change."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审批"
        APPROVED = "approved", "已审批"
        PAID = "paid", "已发放"

    month = models.DateField("发放月份", unique=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    generated_at = models.DateTimeField("生成时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发放确认人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paid_at = models.DateTimeField("发放时间", null=True, blank=True)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    history = HistoricalRecords(table_name="services_historicalpaymentbatch")
    objects = PaymentBatchQuerySet.as_manager()

    class Meta:
        db_table = "services_paymentbatch"
        verbose_name = "发放批次"
        verbose_name_plural = "发放批次"
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="paymentbatch_whole_month"),
        ]

    def __str__(self) -> str:
        return f"{month_label(self.month)}补贴发放"

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.PAID


class PaymentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="unit", cadre="cadre"))

    def counted(self):
        """The rows that are money to pay (a failed row is carried into a later batch)."""
        return self.exclude(status=Payment.Status.FAILED)


class Payment(models.Model):
    """One month of one entitlement, in the batch that pays it. Unique on (entitlement, month)
    among rows that did not fail: a bank return is marked failed and carried, as a new row
    pointing at it, into the next batch."""

    class Status(models.TextChoices):
        PENDING = "pending", "待发放"
        PAID = "paid", "已发放"
        FAILED = "failed", "发放失败"

    batch = models.ForeignKey(
        PaymentBatch, verbose_name="批次", on_delete=models.PROTECT, related_name="payments"
    )
    entitlement = models.ForeignKey(
        Entitlement, verbose_name="享受资格", on_delete=models.PROTECT, related_name="payments"
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="subsidy_payments"
    )
    subsidy_type = models.ForeignKey(
        SubsidyType, verbose_name="补贴类型", on_delete=models.PROTECT, related_name="+"
    )
    # The cadre's unit when the row was made: a batch's totals by unit must not move later.
    unit = models.ForeignKey(OrgUnit, verbose_name="管理单位", on_delete=models.PROTECT)
    month = models.DateField("所属月份")
    amount = models.DecimalField("金额（元）", **MONEY, validators=POSITIVE)
    bank_name = models.CharField("开户行", max_length=100, blank=True)
    account_number = models.CharField("账号", max_length=40, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    failed_reason = models.CharField("失败原因", max_length=200, blank=True)
    carried_from = models.OneToOneField(
        "self",
        verbose_name="补发自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        db_table = "services_payment"
        verbose_name = "发放明细"
        verbose_name_plural = "发放明细"
        ordering = ["batch", "unit_id", "cadre_id", "subsidy_type_id", "month"]
        indexes = [
            models.Index(fields=["batch", "unit"], name="payment_batch_unit"),
            models.Index(fields=["cadre", "month"], name="payment_cadre_month"),
            # The dashboard's facts refresh recounts a marked month's rows (apps.dashboard.facts).
            models.Index(fields=["month"], name="payment_month"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["entitlement", "month"],
                condition=~Q(status="failed"),
                name="payment_once_per_month",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=Q(month__day=1), name="payment_whole_month"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.subsidy_type} {month_label(self.month)}"
