"""The cadres' own side: who a sign-in account stands for, who acts for whom, login cards and
the log of every sign-in. The link user ↔ cadre lives here so accounts never imports cadres."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre


class CadreAccountQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="cadre__unit", cadre="cadre"))


class CadreAccount(models.Model):
    """The portal user who is this cadre (role 离退休干部本人)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.PROTECT,
        related_name="cadre_account",
    )
    cadre = models.OneToOneField(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="cadre_account"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = CadreAccountQuerySet.as_manager()

    class Meta:
        verbose_name = "老干部账号"
        verbose_name_plural = "老干部账号"

    def __str__(self) -> str:
        return f"{self.cadre} ({self.user.username})"


class ProxyGrantQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="cadre__unit", cadre="cadre"))

    def active(self):
        return self.filter(revoked_at__isnull=True)


class ProxyGrant(models.Model):
    """A family member (role 家属（代办）) acts for a cadre from `starts_on` until revoked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="家属用户",
        on_delete=models.PROTECT,
        related_name="proxy_grants",
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="proxy_grants"
    )
    relation = models.CharField("关系", max_length=20)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="授权人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField("起始日期")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    objects = ProxyGrantQuerySet.as_manager()

    class Meta:
        verbose_name = "家属代办授权"
        verbose_name_plural = "家属代办授权"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "cadre"],
                condition=Q(revoked_at__isnull=True),
                name="proxygrant_one_active_per_user_cadre",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.cadre}（{self.relation}）"


class LoginCardQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="cadre__unit", cadre="cadre"))

    def active(self):
        return self.filter(revoked_at__isnull=True)


class LoginCard(models.Model):
    """A printed 登录卡: a QR code carrying a long random token and a card number + 6-digit code.
    Only SHA-256 of the token and a keyed hash of the code are stored."""

    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="login_cards"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="持卡人",
        on_delete=models.PROTECT,
        related_name="login_cards",
    )
    number = models.CharField("卡号", max_length=12, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    code_hash = models.CharField(max_length=64, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="制卡人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField("制卡时间", auto_now_add=True)
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作废人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = LoginCardQuerySet.as_manager()

    class Meta:
        verbose_name = "登录卡"
        verbose_name_plural = "登录卡"
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"登录卡 {self.number}"


class SignInAttemptQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Staff of the card's unit; cadres and proxies do not read the log.
        return self.filter(scope_q(user, unit="card__cadre__unit"))


class SignInAttempt(models.Model):
    class Method(models.TextChoices):
        QR = "qr", "扫码"
        CODE = "code", "卡号+验证码"

    card = models.ForeignKey(
        LoginCard,
        verbose_name="登录卡",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attempts",
    )
    number = models.CharField("输入的卡号", max_length=40, blank=True)
    method = models.CharField("方式", max_length=10, choices=Method.choices)
    success = models.BooleanField("成功")
    reason = models.CharField("原因", max_length=50, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    objects = SignInAttemptQuerySet.as_manager()

    class Meta:
        verbose_name = "登录记录"
        verbose_name_plural = "登录记录"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {'成功' if self.success else '失败'} {self.at:%Y-%m-%d %H:%M}"


class DutyPhoneQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="unit"))


class DutyPhone(models.Model):
    """A unit's duty phone (值班电话) for 一键求助: the nearest unit up the tree that has one
    answers; with none anywhere, the bureau's phone (settings.BUREAU_PHONE)."""

    unit = models.OneToOneField(
        OrgUnit, verbose_name="单位", on_delete=models.PROTECT, related_name="duty_phone"
    )
    phone = models.CharField("值班电话", max_length=30)
    hours = models.CharField("值班时间", max_length=60, blank=True, help_text="例如：24 小时")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = DutyPhoneQuerySet.as_manager()

    class Meta:
        verbose_name = "值班电话"
        verbose_name_plural = "值班电话"

    def __str__(self) -> str:
        return f"{self.unit} {self.phone}"


class HelpCallQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="unit", cadre="cadre"))


class HelpCall(models.Model):
    """One tap on 一键求助: who called which number, for whom; staff turn it into a request."""

    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="help_calls"
    )
    # The cadre's unit at the time of the call: the desk that had to answer it.
    unit = models.ForeignKey(OrgUnit, verbose_name="单位", on_delete=models.PROTECT)
    phone = models.CharField("拨打号码", max_length=30)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="拨打人", on_delete=models.PROTECT, related_name="+"
    )
    on_behalf = models.BooleanField("家属代拨", default=False)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    request = models.OneToOneField(
        "casework.ServiceRequest",
        verbose_name="转为诉求",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="help_call",
    )

    objects = HelpCallQuerySet.as_manager()

    class Meta:
        verbose_name = "一键求助记录"
        verbose_name_plural = "一键求助记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cadre} {self.at:%Y-%m-%d %H:%M}"
