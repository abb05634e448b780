"""Core's own tables: the change log and the job watermarks (apps.core.changes)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models


class Change(models.Model):
    """One row per statement that really changed rows of a table some job reads, written by the
    statement trigger core_note_change() (apps.core.changes). `keys` are the distinct values of
    the table's key column among the changed rows, up to a cap; NULL means "every row"."""

    channel = models.CharField("表与操作", max_length=80)  # "<table>:<I|U|D|T>"
    xid = models.BigIntegerField("事务号")  # the writer's pg_current_xact_id()
    job = models.CharField("由任务写入", max_length=120, blank=True)  # "<job>@<on>" or ""
    keys = ArrayField(models.CharField(max_length=100), verbose_name="键", null=True)

    class Meta:
        verbose_name = verbose_name_plural = "数据变更记录"
        indexes = [models.Index(fields=["channel", "xid"], name="core_change_channel_xid")]


class JobWatermark(models.Model):
    """What a job's last complete run for a day had seen: the snapshot taken at its start."""

    job = models.CharField("任务", max_length=100)
    on = models.DateField("业务日期")
    fingerprint = models.CharField("设置指纹", max_length=64)
    snapshot = models.TextField("快照")  # pg_snapshot as text
    snapshot_xmin = models.BigIntegerField("快照最小事务号")
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间")

    class Meta:
        verbose_name = verbose_name_plural = "任务水位"
        constraints = [
            models.UniqueConstraint(fields=["job", "on"], name="core_watermark_once_per_day")
        ]


class ChangeCutoff(models.Model):
    """One row: change rows below `xid` have been pruned, so a watermark whose snapshot's xmin
    is below it can no longer prove anything (apps.core.changes.prune)."""

    xid = models.BigIntegerField("已清理至事务号")

    class Meta:
        verbose_name = verbose_name_plural = "变更记录清理位置"
