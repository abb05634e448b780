from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
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

    def reportable_by(self, user):
        """Whose delivery report `user` may read: their own reminders, and for staff those of
        the people in their unit's subtree (staff raise and follow up the reminders)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        mine = Q(recipient=user)
        if getattr(user, "is_staff_role", False):
            from apps.accounts.scope import scope_q

            mine |= scope_q(user, unit="recipient__unit")
        return self.filter(mine)

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
        db_index=False,  # reminder_once_per_occurrence (recipient, key) leads with it
    )
    kind = models.CharField("类别", max_length=50)
    key = models.CharField("事项标识", max_length=200)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name="对象类型",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_index=False,  # reminder_target (target_type, target_id) leads with it
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
            # A plain index: nothing filters kinds by LIKE (db_index=True also made a
            # varchar_pattern_ops copy, one more update per reminder, issue 21).
            models.Index(fields=["kind"], name="reminder_kind"),
        ]

    def __str__(self) -> str:
        return self.subject


class FailureReason(models.TextChoices):
    """Why a push did not go out (or not yet), as the delivery report groups them."""

    RATE_LIMITED = "rate_limited", "发送频率超限"
    BAD_SIGNATURE = "bad_signature", "签名或密钥错误"
    INVALID_RECIPIENT = "invalid_recipient", "号码或接收人无效"
    PROVIDER_REFUSED = "provider_refused", "服务商拒绝（模板/签名/余额）"
    NOT_CONFIGURED = "not_configured", "渠道未配置"
    NO_ADDRESS = "no_address", "接收人无联系方式"
    TIMEOUT = "timeout", "连接超时"
    NETWORK = "network", "网络错误"
    SERVER_ERROR = "server_error", "服务端错误"
    QUIET_HOURS = "quiet_hours", "免打扰时段，顺延"
    DAILY_CAP = "daily_cap", "已达每日上限，顺延"
    OTHER = "other", "其他"


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
    last_reason = models.CharField(
        "最近原因", max_length=30, choices=FailureReason.choices, blank=True
    )
    # The claim of the run that is sending it: all rows of one digest share it.
    claim_token = models.UUIDField("认领批次", null=True, blank=True, db_index=True)
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


def _scoped(qs, user, unit: str):
    from apps.accounts.scope import scope_q

    return qs.filter(scope_q(user, unit=unit))


class DispatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _scoped(self, user, "recipient__unit")


class PreferenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _scoped(self, user, "user__unit")


class SenderIdentityQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _scoped(self, user, "unit")


class Dispatch(models.Model):
    """One message handed to one channel: a single reminder or a digest of several, with the
    provider's answer (secrets redacted). The delivery report lists these per reminder."""

    class Outcome(models.TextChoices):
        SENT = "sent", "已发送"
        FAILED = "failed", "失败待重试"
        GAVE_UP = "gave_up", "已放弃"
        SKIPPED = "skipped", "无法送达"

    token = models.UUIDField("批次标识", unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notification_dispatches",
    )
    channel = models.CharField("渠道", max_length=30)
    kind = models.CharField("类别", max_length=50, blank=True)
    size = models.PositiveIntegerField("提醒条数", default=1)
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    outcome = models.CharField("结果", max_length=20, choices=Outcome.choices)
    reason = models.CharField(
        "原因", max_length=30, choices=FailureReason.choices, blank=True, db_index=True
    )
    answer = models.TextField("服务商应答", blank=True)
    deliveries = models.ManyToManyField(
        Delivery, verbose_name="投递记录", related_name="dispatches", blank=True
    )

    objects = DispatchQuerySet.as_manager()

    class Meta:
        verbose_name = "发送记录"
        verbose_name_plural = "发送记录"
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "channel", "started_at"], name="dispatch_cap"),
            models.Index(fields=["started_at"], name="dispatch_started"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} · {self.get_outcome_display()} · {self.size} 条"


class Preference(models.Model):
    """How one person wants to be reached: channels, numbers, quiet hours, a daily cap.

    Without a row, the defaults apply (settings: REMINDER_ROLE_CHANNELS by role, else the
    channels that need no opt-in; REMINDER_QUIET_HOURS; REMINDER_DAILY_CAP)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    channels = ArrayField(
        models.CharField(max_length=30), verbose_name="推送渠道", default=list, blank=True
    )
    sms_phone = models.CharField(
        "短信手机号", max_length=20, blank=True, help_text="留空则用用户登记的联系电话"
    )
    family_phone = models.CharField(
        "家属手机号", max_length=20, blank=True, help_text="短信同时发给这位家属（代办人）"
    )
    dingtalk_mobile = models.CharField(
        "钉钉手机号", max_length=20, blank=True, help_text="群消息里 @ 这个手机号；留空则用联系电话"
    )
    quiet_start = models.TimeField("免打扰开始", null=True, blank=True)
    quiet_end = models.TimeField("免打扰结束", null=True, blank=True)
    daily_cap = models.PositiveSmallIntegerField(
        "每日上限", null=True, blank=True, help_text="每个渠道每天最多发送的消息数；留空用系统默认"
    )
    digest = models.BooleanField("同类提醒合并为一条汇总", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = "提醒偏好"
        verbose_name_plural = "提醒偏好"
        constraints = [
            models.CheckConstraint(
                condition=(Q(quiet_start__isnull=True) & Q(quiet_end__isnull=True))
                | (Q(quiet_start__isnull=False) & Q(quiet_end__isnull=False)),
                name="preference_quiet_hours_both_or_neither",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} 的提醒偏好"


class SenderIdentity(models.Model):
    """Who a message says it is from, and the phone to call back: per unit, inherited by the
    units below it (a district bureau signs for its streets)."""

    unit = models.OneToOneField(
        "accounts.OrgUnit",
        verbose_name="单位",
        on_delete=models.CASCADE,
        related_name="notification_sender",
    )
    name = models.CharField("署名", max_length=60, help_text="如：东城区委老干部局")
    phone = models.CharField("回复电话", max_length=30)

    objects = SenderIdentityQuerySet.as_manager()

    class Meta:
        verbose_name = "发送单位署名"
        verbose_name_plural = "发送单位署名"

    def __str__(self) -> str:
        return f"{self.name}（{self.phone}）"
