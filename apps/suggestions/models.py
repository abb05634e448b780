"""金点子 / 建言献策: a cadre's suggestion in a closed loop — submitted, triaged by staff
(assigned to a department with a deadline, or declined with a reason), answered with the
department's reply shown to the cadre, and marked adopted or not. Every change is kept."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre


class SuggestionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="cadre__unit", cadre="cadre"))

    def overdue(self, *, on):
        return self.filter(status=Suggestion.Status.ASSIGNED, deadline__lt=on)


class Suggestion(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待分拣"
        ASSIGNED = "assigned", "办理中"
        ANSWERED = "answered", "已答复"
        DECLINED = "declined", "不予受理"

    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="suggestions"
    )
    title = models.CharField("标题", max_length=60)
    content = models.TextField("建议内容")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT, related_name="+"
    )
    on_behalf = models.BooleanField("家属代办", default=False)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    department = models.CharField("承办部门", max_length=100, blank=True)
    deadline = models.DateField("答复期限", null=True, blank=True)
    triage_note = models.CharField(
        "分拣意见（内部）", max_length=300, blank=True, help_text="仅工作人员可见。"
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="分拣人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    triaged_at = models.DateTimeField("分拣时间", null=True, blank=True)
    reply = models.TextField("答复意见", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    adopted = models.BooleanField("是否采纳", null=True, blank=True)

    history = HistoricalRecords()
    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = "金点子"
        verbose_name_plural = "金点子"
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="assigned") | Q(deadline__isnull=False) & ~Q(department=""),
                name="suggestion_assigned_has_department_and_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["answered", "declined"])
                | Q(replied_at__isnull=False, adopted__isnull=False) & ~Q(reply=""),
                name="suggestion_closed_has_reply_and_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.ANSWERED, self.Status.DECLINED)
