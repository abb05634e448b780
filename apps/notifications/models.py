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

    def open(self):
        return self.filter(closed_at__isnull=True)

    def unread(self):
        return self.filter(read_at__isnull=True, closed_at__isnull=True)


class Reminder(models.Model):
    """One reminder per (recipient, occurrence key): generating it twice creates nothing new.

    `key` names the occurrence, e.g. "visit_due:1234:2026-10-22"; `target` is the object it is
    about. Kinds are registered by the apps that raise them (apps/notifications/kinds.py), each
    with a check that says whether the reminder still matters (a done visit is not reminded).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE,
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
            models.UniqueConstraint(fields=["recipient", "key"], name="reminder_once_per_occurrence")
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"], name="reminder_unread",
                condition=Q(read_at__isnull=True, closed_at__isnull=True),
            ),
            models.Index(fields=["target_type", "target_id"], name="reminder_target"),
        ]

    def __str__(self) -> str:
        return self.subject
