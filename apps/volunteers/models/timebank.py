"""The time bank: hours earned and redeemed, one ledger per volunteer."""

from decimal import Decimal  # noqa: F401

from django.conf import settings  # noqa: F401
from django.core.validators import MaxValueValidator, MinValueValidator  # noqa: F401
from django.db import models
from django.db.models import Q  # noqa: F401

from apps.accounts.models import OrgUnit  # noqa: F401
from apps.accounts.scope import scope_q  # noqa: F401
from apps.cadres.models import Cadre  # noqa: F401

from ._common import BALANCE, HOURS, MAX_HOURS_PER_DAY, _distinct_for_joins, _member_filter  # noqa: F401
from .activities import ServiceRecord  # noqa: F401
from .teams import Volunteer  # noqa: F401


class TimeBankEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(volunteer__in=Volunteer.objects.visible_to(user))


class TimeBankEntry(models.Model):
    """时间银行 ledger: every credit (confirmed service) and debit (redemption), never edited."""

    class Kind(models.TextChoices):
        CREDIT = "credit", "存入"
        DEBIT = "debit", "兑换"

    volunteer = models.ForeignKey(
        Volunteer, verbose_name="志愿者", on_delete=models.PROTECT, related_name="ledger"
    )
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    hours = models.DecimalField("时长（小时）", **BALANCE)
    balance_after = models.DecimalField("变动后余额", **BALANCE)
    on = models.DateField("日期")
    # A confirmed record credits once: the unique constraint makes crediting idempotent.
    record = models.OneToOneField(
        ServiceRecord,
        verbose_name="服务记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit",
    )
    description = models.CharField("说明", max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("记账时间", auto_now_add=True)

    objects = TimeBankEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "时间银行流水"
        verbose_name_plural = "时间银行流水"
        ordering = ["volunteer_id", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="timebank_hours_positive"),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="timebank_balance_after_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(kind="credit", record__isnull=False)
                | Q(kind="debit", record__isnull=True),
                name="timebank_credit_from_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.get_kind_display()} {self.hours}"
