from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class ReminderQuerySet(models.QuerySet):
    def visible_to(self, user):
        # A reminder is personal: its recipient sees it (superusers see all, for support).
        if not user.is_authenticated:
            return self.none()
        return self if user.is_superuser else self.filter(recipient=user)

    def administrable_by(self, user):
        """The admin's view: staff see the reminders of users in their unit's subtree, so they
        can check what is coming up for their colleagues (the inbox stays personal)."""
        from apps.accounts.scope import scope_q

        return self.filter(scope_q(user, unit="recipient__unit"))

    def open(self):
        return self.filter(closed_at__isnull=True)

    def upcoming(self, *, on):
        return self.open().filter(due_on__gte=on)

    def unread(self):
        return self.filter(read_at__isnull=True, closed_at__isnull=True)


class Reminder(models.Model):
    """One reminder per (recipient, occurrence key): generating it twice creates nothing new.

    `key` names the occurrence, e.g. "visit_due:1234:2026-10-22"; `target` is the object it is
    about. Kinds are registered by the apps that raise them (apps/notifications/kinds.py), each
    with a check that says whether the reminder still matters (a done visit is not reminded).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField("类别", max_length=50, db_index=True)
    key = models.CharField("事项标识", max_length=200)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    target_type = models.ForeignKey(
        ContentType, verbose_name="对象类型", null=True, blank=True, on_delete=models.CASCADE
    )
    target_id = models.BigIntegerField("对象ID", null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    due_on = models.DateField("到期日", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = "提醒"
        verbose_name_plural = "提醒"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="reminder_once_per_occurrence"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                name="reminder_unread",
                condition=Q(read_at__isnull=True, closed_at__isnull=True),
            ),
            models.Index(fields=["target_type", "target_id"], name="reminder_target"),
            models.Index(fields=["created_at"], name="reminder_created"),
        ]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One push of a reminder through one channel (email, webhook …), with its attempts.

    The in-app inbox needs no row: the reminder itself is what the inbox shows. A row is claimed
    with a conditional UPDATE (status pending/failed → sending), so two workers never send it
    twice; a failure schedules the next attempt with exponential back-off.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        FAILED = "failed", "失败待重试"
        GAVE_UP = "gave_up", "已放弃"
        CLOSED = "closed", "无需发送"
        STALE = "stale", "过期未发"
        SKIPPED = "skipped", "无法送达"

    reminder = models.ForeignKey(
        Reminder, verbose_name="提醒", on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField("渠道", max_length=30)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True)
    claimed_at = models.DateTimeField("认领时间", null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "投递记录"
        verbose_name_plural = "投递记录"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "channel"], name="delivery_once_per_channel"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due",
                condition=Q(status__in=["pending", "failed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reminder} → {self.channel}"
