from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre

from .campaigns import Campaign
from .rules import Occasion, VisitRule


class VisitForm(models.TextChoices):
    HOME = "home", "上门"
    PHONE = "phone", "电话"
    VIDEO = "video", "视频"
    HOSPITAL = "hospital", "医院"


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="cadre__unit", cadre="cadre"))

    def open(self):
        return self.filter(status__in=[Visit.Status.PLANNED, Visit.Status.OVERDUE])

    def assigned_to(self, user):
        return self.filter(assignee=user)


class Visit(models.Model):
    """A visit (走访慰问) identified by (cadre, occasion_key), e.g. `birthday:2026:80`,
    `festival:2026:chunjie`, `hospital:17`, `campaign:3`: generating twice creates nothing new."""

    class Status(models.TextChoices):
        PLANNED = "planned", "待走访"
        DONE = "done", "已完成"
        OVERDUE = "overdue", "已逾期"
        CANCELLED = "cancelled", "已取消"

    # No index of its own on cadre or assignee: visit_once_per_occasion (cadre, occasion_key)
    # and visit_assignee_due (assignee, status, due_date) lead with them and serve every lookup;
    # each index is one more update per generated visit (issue 21).
    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="visits", db_index=False
    )
    occasion = models.CharField("走访事由", max_length=30, choices=Occasion.choices)
    occasion_key = models.CharField("事由标识", max_length=100)
    title = models.CharField("标题", max_length=100)
    rule = models.ForeignKey(
        VisitRule,
        verbose_name="规则",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name="集中慰问活动",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
        db_index=False,
    )
    due_date = models.DateField("应访日期")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_visits",
        db_index=False,
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField("走访日期", null=True, blank=True)
    form = models.CharField("走访形式", max_length=20, choices=VisitForm.choices, blank=True)
    visitors = models.CharField("走访人员", max_length=200, blank=True)
    notes = models.TextField("走访情况", blank=True)
    money = models.DecimalField(
        "慰问金（元）",
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0, message="慰问金不能为负数。")],
    )
    gifts = models.CharField("慰问品", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    recorded_at = models.DateTimeField("登记时间", null=True, blank=True)
    cancelled_reason = models.CharField("取消原因", max_length=100, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    # Every change of a visit is kept: a done visit changes only by a correction (更正) whose
    # reason is the history row's change reason.
    history = HistoricalRecords(table_name="services_historicalvisit")
    objects = VisitQuerySet.as_manager()

    class Meta:
        db_table = "services_visit"
        verbose_name = "走访慰问"
        verbose_name_plural = "走访慰问"
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "occasion_key"], name="visit_once_per_occasion"
            ),
            models.CheckConstraint(
                condition=Q(money__gte=0),
                name="visit_money_not_negative",
                violation_error_message="慰问金不能为负数。",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="visit_done_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="visit_status_due"),
            models.Index(fields=["assignee", "status", "due_date"], name="visit_assignee_due"),
            models.Index(fields=["due_date"], name="visit_due"),
            # Generated visits have neither a campaign nor a recorder: partial indexes take no
            # entry for them, and still serve `campaign = x`, `recorded_by = u` and the FK checks.
            models.Index(
                fields=["campaign"], name="visit_campaign", condition=Q(campaign__isnull=False)
            ),
            models.Index(
                fields=["recorded_by"],
                name="visit_recorded_by",
                condition=Q(recorded_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.OVERDUE)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("visits:visit_detail", args=[self.pk])
