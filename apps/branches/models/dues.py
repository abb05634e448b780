from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre

from .core import PartyBranch


class DuesRate(models.Model):
    """党费标准 for retirees (data): pensions above `above` pay `rate` of the whole pension.

    The row with the largest `above` not exceeding the pension applies: by default 0.5% up to
    5,000 yuan a month and 1% above.
    """

    above = models.DecimalField("月退休费高于（元）", max_digits=12, decimal_places=2, unique=True)
    rate = models.DecimalField("缴纳比例", max_digits=6, decimal_places=4)

    class Meta:
        verbose_name = "党费缴纳标准"
        verbose_name_plural = "党费缴纳标准"
        ordering = ["above"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rate__gte=0, rate__lte=Decimal("0.05")), name="dues_rate_sane"
            )
        ]

    def __str__(self) -> str:
        return f">{self.above}：{self.rate:%}"


class DuesRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="branch__unit", branch="branch"))


class DuesRecord(models.Model):
    """One member's dues for one month; `paid_on` set when collected (可预交或补交, ≤ 6 个月)."""

    branch = models.ForeignKey(
        PartyBranch, verbose_name="党支部", on_delete=models.PROTECT, related_name="dues"
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name="党员", on_delete=models.PROTECT, related_name="party_dues"
    )
    month = models.DateField("所属月份")  # always the first day of the month
    base = models.DecimalField("计算基数（元）", max_digits=12, decimal_places=2, null=True)
    amount = models.DecimalField("应缴金额（元）", max_digits=12, decimal_places=2)
    paid_on = models.DateField("缴纳日期", null=True, blank=True)
    paid_amount = models.DecimalField(
        "实缴金额（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="收缴人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = DuesRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "党费收缴记录"
        verbose_name_plural = "党费收缴记录"
        ordering = ["-month", "cadre__name"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "month"], name="dues_once_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="dues_month_first_day"),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True, paid_amount__isnull=True)
                | Q(paid_on__isnull=False, paid_amount__isnull=False),
                name="dues_paid_has_amount",
            ),
        ]
        indexes = [models.Index(fields=["branch", "month"], name="dues_branch_month")]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.month:%Y-%m}"
