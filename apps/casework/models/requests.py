"""Service requests (急难愁盼 诉求): logged, assigned, answered within the urgency's deadline."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre


class RequestUrgency(models.Model):
    """Urgency levels and their response deadlines (紧急 24 小时 …): data, not code."""

    name = models.CharField("名称", max_length=20, unique=True)
    response_hours = models.PositiveIntegerField("响应时限（小时）")
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        db_table = "services_requesturgency"
        verbose_name = "紧急程度"
        verbose_name_plural = "紧急程度"
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.response_hours}小时）"


class ServiceRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="cadre__unit", cadre="cadre"))

    def open(self):
        return self.exclude(status=ServiceRequest.Status.CLOSED)

    def overdue(self, *, now):
        return self.open().filter(deadline__lt=now)


class ServiceRequest(models.Model):
    class Via(models.TextChoices):
        PHONE = "phone", "电话"
        VISIT = "visit", "走访"
        WALK_IN = "walk_in", "来访"
        ONLINE = "online", "网上"

    class Status(models.TextChoices):
        OPEN = "open", "待办理"
        IN_PROGRESS = "in_progress", "办理中"
        CLOSED = "closed", "已办结"

    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="service_requests"
    )
    received_via = models.CharField("受理渠道", max_length=20, choices=Via.choices)
    received_at = models.DateTimeField("受理时间")
    requester = models.CharField(
        "反映人", max_length=50, blank=True, help_text="本人反映可留空；家属代为反映请注明。"
    )
    content = models.TextField("诉求内容")
    urgency = models.ForeignKey(
        RequestUrgency, verbose_name="紧急程度", on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateTimeField("响应时限")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_requests",
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField("办理结果", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        db_table = "services_servicerequest"
        verbose_name = "急难愁盼诉求"
        verbose_name_plural = "急难愁盼诉求"
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="servicerequest_open")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False)
                | ~Q(status="closed") & Q(closed_at__isnull=True),
                name="servicerequest_closed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("received_at")),
                name="servicerequest_closed_after_received",
                violation_error_message="办结时间不能早于受理时间。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre}：{self.content[:20]}"

    def is_overdue(self, now) -> bool:
        return self.status != self.Status.CLOSED and self.deadline < now
