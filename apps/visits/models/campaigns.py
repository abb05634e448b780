from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="unit"))


class Campaign(models.Model):
    """A one-off visiting drive (冬送温暖, 夏送清凉, 重阳慰问): one visit per cadre of a filtered
    group, due by the end of the window. `filters` keeps the register filter that chose them."""

    name = models.CharField("活动名称", max_length=100)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="组织单位", on_delete=models.PROTECT, related_name="campaigns"
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("截止日期")
    filters = models.JSONField("对象筛选条件", default=dict, blank=True)
    notes = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # A campaign is never deleted once it has visits: it is cancelled (撤销) with who and why;
    # its open visits are cancelled and its done visits stay.
    cancelled_at = models.DateTimeField("撤销时间", null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    cancelled_reason = models.CharField("撤销原因", max_length=200, blank=True, editable=False)

    history = HistoricalRecords(table_name="services_historicalcampaign")
    objects = CampaignQuerySet.as_manager()

    class Meta:
        db_table = "services_campaign"
        verbose_name = "集中慰问活动"
        verbose_name_plural = "集中慰问活动"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="campaign_window_ordered",
                violation_error_message="截止日期不能早于开始日期。",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def occasion_key(self) -> str:
        return f"campaign:{self.pk}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("visits:campaign_detail", args=[self.pk])
