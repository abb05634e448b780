"""Service requests (急难愁盼 诉求): logged, assigned, answered within the urgency's deadline."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
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


# 回访满意度, five steps as the bureau's return-visit form asks them.
RATINGS = [(5, "非常满意"), (4, "满意"), (3, "基本满意"), (2, "不太满意"), (1, "不满意")]


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

    class Source(models.TextChoices):
        STAFF = "staff", "工作人员登记"
        CADRE = "cadre", "老干部端"
        FAMILY = "family", "家属代办"
        HELP_CALL = "help_call", "一键求助来电"

    class Category(models.TextChoices):
        # The cadre side's menu of common needs (急难愁盼), each with its picture.
        MEDICAL = "medical", "看病就医"
        REPAIR = "repair", "家中维修"
        MEALS = "meals", "助餐送餐"
        CARE = "care", "生活照料"
        TRAVEL = "travel", "出行帮助"
        POLICY = "policy", "政策咨询"
        COMPANY = "company", "谈心陪伴"
        OTHER = "other", "其他"

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
    # From the cadre side: who pressed submit (the cadre or a family proxy acting for them).
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.STAFF)
    category = models.CharField("诉求类别", max_length=20, choices=Category.choices, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_behalf = models.BooleanField("家属代办", default=False)
    # 回访满意度: once, by the cadre side, after the request is closed.
    rating = models.PositiveSmallIntegerField(
        "满意度",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.CharField("评价意见", max_length=300, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评价人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rated_on_behalf = models.BooleanField("家属代评", default=False)

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
            models.CheckConstraint(
                condition=Q(rating__isnull=True)
                | Q(rating__gte=1, rating__lte=5, status="closed", rated_at__isnull=False),
                name="servicerequest_rated_once_closed",
                violation_error_message="办结后才能评价，满意度为 1–5。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre}：{self.content[:20]}"

    @property
    def rating_label(self) -> str:
        return dict(RATINGS).get(self.rating, "")

    def is_overdue(self, now) -> bool:
        return self.status != self.Status.CLOSED and self.deadline < now
