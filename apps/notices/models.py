"""Notices to cadres (通知): addressed by area/unit, party branch, age or to everyone in the
sender's scope; one recipient row per cadre, fixed when the notice is sent, carries the read
receipt (opened = read, once) and the optional yes/no reply (e.g. 情况通报会 邀请)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Staff of the sending unit's subtree; cadres read notices through their recipient rows.
        return self.filter(scope_q(user, unit="unit"))


class Notice(models.Model):
    class Audience(models.TextChoices):
        ALL = "all", "本单位全体老干部"
        UNIT = "unit", "指定区域/单位"
        BRANCH = "branch", "指定党支部"
        AGE = "age", "年满一定岁数"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SENT = "sent", "已发送"
        WITHDRAWN = "withdrawn", "已撤回"

    unit = models.ForeignKey(
        OrgUnit, verbose_name="发布单位", on_delete=models.PROTECT, related_name="notices"
    )
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文")
    audience = models.CharField("发送范围", max_length=20, choices=Audience.choices)
    target_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="区域/单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_branch = models.ForeignKey(
        "branches.PartyBranch",
        verbose_name="党支部",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    min_age = models.PositiveSmallIntegerField("年满（岁）", null=True, blank=True)
    asks_reply = models.BooleanField("请老干部回复参加/不参加", default=False)
    reply_question = models.CharField(
        "回复问题", max_length=100, blank=True, help_text="例如：是否参加 12 月情况通报会？"
    )
    reply_by = models.DateField("回复截止", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("起草时间", auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发送人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回原因", max_length=200, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "老干部通知"
        verbose_name_plural = "老干部通知"
        ordering = ["-sent_at", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="unit") | Q(target_unit__isnull=False),
                name="notice_unit_audience_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(audience="branch") | Q(target_branch__isnull=False),
                name="notice_branch_audience_has_branch",
            ),
            models.CheckConstraint(
                condition=~Q(audience="age") | Q(min_age__isnull=False),
                name="notice_age_audience_has_age",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="notice_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_label(self) -> str:
        if self.audience == self.Audience.UNIT and self.target_unit_id:
            return f"{self.target_unit.name}的老干部"
        if self.audience == self.Audience.BRANCH and self.target_branch_id:
            return f"{self.target_branch.name}党员"
        if self.audience == self.Audience.AGE and self.min_age:
            return f"年满 {self.min_age} 岁的老干部"
        return f"{self.unit.name}全体老干部"


class NoticeRecipientQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="notice__unit", cadre="cadre"))

    def delivered(self):
        return self.filter(notice__status=Notice.Status.SENT)


class NoticeRecipient(models.Model):
    class Reply(models.TextChoices):
        YES = "yes", "参加"
        NO = "no", "不参加"

    notice = models.ForeignKey(
        Notice, verbose_name="通知", on_delete=models.PROTECT, related_name="recipients"
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="notice_receipts"
    )
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="阅读人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    read_on_behalf = models.BooleanField("家属代阅", default=False)
    reply = models.CharField("回复", max_length=10, choices=Reply.choices, blank=True)
    replied_at = models.DateTimeField("回复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_on_behalf = models.BooleanField("家属代为回复", default=False)

    objects = NoticeRecipientQuerySet.as_manager()

    class Meta:
        verbose_name = "通知接收人"
        verbose_name_plural = "通知接收人"
        ordering = ["notice", "cadre__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "cadre"], name="notice_once_per_cadre"),
            models.CheckConstraint(
                condition=Q(reply="") | Q(replied_at__isnull=False, read_at__isnull=False),
                name="notice_reply_has_time_and_read",
            ),
        ]
        indexes = [models.Index(fields=["cadre", "notice"], name="noticerecipient_cadre")]

    def __str__(self) -> str:
        return f"{self.notice} → {self.cadre}"
