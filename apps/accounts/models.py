from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as AuthUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Concat, Substr

from .scope import scope_q


class OrgUnitQuerySet(models.QuerySet):
    def subtree(self, unit: "OrgUnit"):
        """The unit and everything below it: one indexed prefix match on the materialised path."""
        return self.filter(path__startswith=unit.path)

    def visible_to(self, user):
        return self.filter(scope_q(user, unit="", branch=None))


class OrgUnit(models.Model):
    """A node of the bureau's organisation tree: city bureau → district/county → township/street,
    plus city departments (市直单位). Scope is a subtree, found by the `path` prefix."""

    class Kind(models.TextChoices):
        CITY = "city", "市级"
        DISTRICT = "district", "区县"
        TOWNSHIP = "township", "乡镇街道"
        DEPARTMENT = "department", "市直单位"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("层级", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField("单位代码", max_length=30, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    # "/1/4/17/": ids from the root down; maintained in save() because every write path (admin,
    # import, factories) must keep it true, and a subtree query depends on nothing else.
    path = models.CharField("路径", max_length=255, editable=False, db_index=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "组织单位"
        verbose_name_plural = "组织单位"
        ordering = ["path"]
        indexes = [
            models.Index(
                fields=["path"], name="orgunit_path_prefix", opclasses=["varchar_pattern_ops"]
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name_in_parent")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.pk and self.parent_id and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": "不能把单位移到它自己或它的下级单位之下。"})

    def save(self, *args, **kwargs):
        if self.pk is None:
            self.path = "/"  # the real path needs the id
            super().save(*args, **kwargs)
            self.path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
            OrgUnit.objects.filter(pk=self.pk).update(path=self.path)
            return
        old_path = self.path
        if self.parent_id and self.parent.path.startswith(old_path):
            raise ValidationError("不能把单位移到它自己或它的下级单位之下。")
        self.path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        super().save(*args, **kwargs)
        if old_path != self.path:
            OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(models.Value(self.path), Substr("path", len(old_path) + 1))
            )

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def ancestors(self):
        ids = [int(p) for p in self.path.strip("/").split("/") if p]
        return OrgUnit.objects.filter(pk__in=ids).order_by("path")


class Role(models.TextChoices):
    BUREAU_STAFF = "bureau_staff", "局机关工作人员"
    DISTRICT_STAFF = "district_staff", "区县老干部局工作人员"
    SECRETARY = "secretary", "支部书记"
    LEADERSHIP = "leadership", "领导"
    TEAM_LEADER = "team_leader", "志愿服务队队长"
    CADRE = "cadre", "离退休干部本人"
    FAMILY = "family", "家属（代办）"


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The users `user` may see and pick (as team leader, secretary, assignee …): those on
        their unit's subtree, by the one scope rule; secretaries and team leaders pick nobody."""
        return self.filter(scope_q(user, unit="unit"))


class UserManager(AuthUserManager.from_queryset(UserQuerySet)):
    """Django's user manager plus `visible_to`. Migrations compare managers by equality only
    (to detect AlterModelManagers); this one behaves exactly as auth's for them (create_user,
    normalisation), so it says so and the first migration's state stays true, with no migration
    for a read method."""

    def __eq__(self, other):
        return isinstance(other, AuthUserManager) and self._constructor_args == getattr(
            other, "_constructor_args", None
        )

    __hash__ = AuthUserManager.__hash__


class User(AbstractUser):
    """A portal user. `unit` + `role` decide what they see (apps/accounts/scope.py)."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    # 大字模式 as this user chose it on any device; None = not chosen: the cadre side (retired
    # cadres, family proxies) then reads in 大字, everyone else in the normal size.
    large_font = models.BooleanField("大字模式", null=True, blank=True, default=None)
    # Set when staff gave a temporary password (apps.accounts.services.temporary_password_set):
    # the next sign-in leads to 修改密码 before anything else.
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                condition=Q(role="") | Q(unit__isnull=False),
                name="user_with_role_has_unit",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def is_staff_role(self) -> bool:
        from .access import UNIT_STAFF  # access imports this module

        return self.role in UNIT_STAFF

    @property
    def can_see_personal_data(self) -> bool:
        from .masking import sees_sensitive

        return sees_sensitive(self)


# The access log lives in its own module; imported here so Django registers the model.
from .personal_access import PersonalDataAccess  # noqa: E402, F401


class TemporaryPasswordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see the temporary passwords given to users of their unit's subtree."""
        if user is None or not user.is_authenticated:
            return self.none()
        if not (user.is_superuser or user.is_staff_role):
            return self.none()
        return self.filter(scope_q(user, unit="user__unit"))


class TemporaryPassword(models.Model):
    """A temporary password given by staff (忘记密码 → 找工作人员): who gave it to whom, when and
    from where. The password itself is never stored (only its hash, on the user); rows are never
    edited or deleted."""

    user = models.ForeignKey(
        "accounts.User",
        verbose_name="用户",
        on_delete=models.PROTECT,
        related_name="temporary_passwords",
    )
    issued_by = models.ForeignKey(
        "accounts.User",
        verbose_name="经办人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)

    objects = TemporaryPasswordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "临时密码记录"
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.issued_at:%Y-%m-%d %H:%M} {self.issued_by} → {self.user}"
