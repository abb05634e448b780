"""Who read whose personal data (等保 level 2, PIPL art. 51): the access log.

The change log (django-simple-history) says who altered a record; this says who *looked*:
one row per read or export of personal data, never edited or deleted. A detail or card view
names its one cadre; an export keeps the filter and the row count, and the cadre ids only when
the export is small (a 50,000-row roster keeps its filter, not 50,000 ids: the filter re-run
tells who was in it, and the log stays cheap to write and to index).
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from .scope import scope_q

# An export of at most this many cadres also lists them, so it shows on each cadre's page.
EXPORT_IDS_LIMIT = 200


class PersonalDataAccessQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see the accesses made by users of their unit's subtree; nobody else any."""
        if user is None or not user.is_authenticated:
            return self.none()
        if not (user.is_superuser or user.is_staff_role):
            return self.none()
        return self.filter(scope_q(user, unit="unit"))

    def about(self, cadre_id: int):
        return self.filter(cadre_ids__contains=[cadre_id])


class PersonalDataAccess(models.Model):
    class Action(models.TextChoices):
        VIEW_DETAIL = "view_detail", "查看详情"
        VIEW_CARD = "view_card", "查看一员一卡"
        EXPORT = "export", "导出"
        IMPORT = "import", "导入"

    accessed_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="访问人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The accessor's unit at the time: the log's scope (who may read it), kept if they move.
    unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="访问人单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    what = models.CharField("内容", max_length=100, help_text="页面或导出的名称")
    cadre_ids = ArrayField(models.IntegerField(), verbose_name="涉及干部", default=list, blank=True)
    row_count = models.PositiveIntegerField("涉及人数", default=0)
    filters = models.JSONField("筛选条件", default=dict, blank=True)
    path = models.CharField("地址", max_length=300, blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        app_label = "accounts"
        verbose_name = verbose_name_plural = "个人信息访问记录"
        ordering = ["-accessed_at", "-pk"]
        indexes = [GinIndex(fields=["cadre_ids"], name="personal_access_cadres_gin")]

    def __str__(self):
        return f"{self.accessed_at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()}"


def _client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client wrote unless a trusted proxy
    # rewrites REMOTE_ADDR (the deployment's job), and a log that trusts it can be forged.
    return request.META.get("REMOTE_ADDR") or None


client_ip = _client_ip  # the one reading of the client's address (the temporary-password log too)


def _cadre_ids(cadres) -> tuple[list[int], int]:
    if cadres is None:
        return [], 0
    if isinstance(cadres, models.QuerySet):
        field = "pk" if cadres.model._meta.label == "cadres.Cadre" else "cadre_id"
        ids = cadres.order_by().values_list(field, flat=True).distinct()
        count = ids.count()
        if count > EXPORT_IDS_LIMIT:
            return [], count
        return sorted(ids), count
    if isinstance(cadres, int):
        return [cadres], 1
    ids = sorted({int(getattr(c, "pk", c)) for c in cadres})
    return (ids if len(ids) <= EXPORT_IDS_LIMIT else []), len(ids)


def log_personal_access(
    request,
    *,
    action: str,
    what: str,
    cadres: int | Iterable | models.QuerySet | None = None,
    filters: dict | None = None,
    row_count: int | None = None,
) -> PersonalDataAccess | None:
    """Record that request.user read (or exported, imported) personal data.

    cadres: one cadre (a pk or a Cadre), ids or Cadres, or a queryset of Cadres or of rows with a
    `cadre` (visits, payments …); a large set keeps only its count. filters: the query that chose
    them (defaults to the request's GET parameters for an export). Anonymous requests log nothing
    (they cannot reach personal data)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    ids, count = _cadre_ids(cadres)
    if filters is None and action == PersonalDataAccess.Action.EXPORT:
        filters = {key: request.GET.getlist(key) for key in request.GET}
    return PersonalDataAccess.objects.create(
        user=user,
        unit_id=user.unit_id,
        action=action,
        what=what[:100],
        cadre_ids=ids,
        row_count=row_count if row_count is not None else count,
        filters=filters or {},
        path=request.get_full_path()[:300],
        ip=_client_ip(request),
    )


def accesses_about(*, cadre_id: int, user, limit: int = 20):
    """The latest accesses to one cadre's record, for staff only (others get none), whoever
    made them (a city-bureau reader shows on the district's page too). The caller passes a
    cadre it fetched through `visible_to(user)`: the cadre page is the scope."""
    if not (user.is_authenticated and (user.is_superuser or user.is_staff_role)):
        return PersonalDataAccess.objects.none()
    return PersonalDataAccess.objects.about(cadre_id).select_related("user", "unit")[:limit]
