"""任务清单: lists, items, each owner unit's assignment, its report/review log and evidence."""

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import Q

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q

from .base import NON_NEGATIVE, POINTS, USER, UnitScopedQuerySet


class TaskListQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Lists the user's scope issued, and lists with an item assigned inside their scope."""
        assigned = TaskAssignment.objects.visible_to(user).values("item__task_list_id")
        return self.filter(scope_q(user, unit="unit") | Q(pk__in=assigned))


class TaskList(models.Model):
    """A yearly task list (年度任务清单) issued by a bureau to the units below it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ISSUED = "issued", "已下达"

    year = models.PositiveIntegerField("年度")
    title = models.CharField("名称", max_length=100)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="下达单位", on_delete=models.PROTECT, related_name="task_lists"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    issued_on = models.DateField("下达日期", null=True, blank=True)
    created_by = models.ForeignKey(
        USER,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = TaskListQuerySet.as_manager()

    class Meta:
        verbose_name = "年度任务清单"
        verbose_name_plural = "年度任务清单"
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "title"], name="tasklist_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.title}"


class TaskItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(task_list__in=TaskList.objects.visible_to(user))


class TaskItem(models.Model):
    """One line of the list: what, by when, how much it weighs and what proves it is done."""

    task_list = models.ForeignKey(
        TaskList, verbose_name="任务清单", on_delete=models.PROTECT, related_name="items"
    )
    number = models.PositiveSmallIntegerField("序号")
    title = models.CharField("任务", max_length=200)
    description = models.TextField("具体要求", blank=True)
    deadline = models.DateField("完成时限")
    weight = models.DecimalField("分值", **POINTS, validators=NON_NEGATIVE)
    evidence_expected = models.CharField("佐证材料要求", max_length=200, blank=True)
    owner_units = models.ManyToManyField(
        OrgUnit, verbose_name="责任单位", related_name="task_items", blank=True
    )

    objects = TaskItemQuerySet.as_manager()

    class Meta:
        verbose_name = "任务事项"
        verbose_name_plural = "任务事项"
        ordering = ["task_list_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["task_list", "number"], name="taskitem_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class AssignmentQuerySet(UnitScopedQuerySet):
    def open(self):
        return self.filter(status__in=TaskAssignment.OPEN_STATES)

    def overdue(self, on):
        return self.open().filter(item__deadline__lt=on)


class TaskAssignment(models.Model):
    """An item as one owner unit carries it: its progress, self-score and the bureau's review."""

    class Status(models.TextChoices):
        OPEN = "open", "推进中"
        SUBMITTED = "submitted", "待审核"
        RETURNED = "returned", "已退回"
        ACCEPTED = "accepted", "已通过"

    OPEN_STATES = (Status.OPEN, Status.RETURNED)

    item = models.ForeignKey(
        TaskItem, verbose_name="任务事项", on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="task_assignments"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    progress = models.TextField("进展情况", blank=True)
    self_score = models.DecimalField(
        "自评分", **POINTS, null=True, blank=True, validators=NON_NEGATIVE
    )
    deduction = models.DecimalField("扣分", **POINTS, default=Decimal("0"), validators=NON_NEGATIVE)
    score = models.DecimalField("得分", **POINTS, null=True, blank=True)
    reported_at = models.DateTimeField("最近报送", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "任务落实"
        verbose_name_plural = "任务落实"
        ordering = ["item__deadline", "item__number", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["item", "unit"], name="assignment_once_per_unit"),
            models.CheckConstraint(
                condition=Q(deduction__gte=0), name="assignment_deduction_non_negative"
            ),
        ]
        indexes = [models.Index(fields=["status", "unit"], name="assignment_status_unit")]

    def __str__(self) -> str:
        return f"{self.item.title}（{self.unit.name}）"

    def is_overdue(self, on) -> bool:
        return self.status in self.OPEN_STATES and self.item.deadline < on


class TaskEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(assignment__in=TaskAssignment.objects.visible_to(user))


class TaskEvent(models.Model):
    """The history of an assignment: each report and each review, never edited or deleted."""

    class Kind(models.TextChoices):
        REPORT = "report", "报送进展"
        ACCEPT = "accept", "审核通过"
        RETURN = "return", "退回"

    assignment = models.ForeignKey(
        TaskAssignment, verbose_name="任务落实", on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    text = models.TextField("内容/理由", blank=True)
    self_score = models.DecimalField("自评分", **POINTS, null=True, blank=True)
    deduction = models.DecimalField("扣分", **POINTS, null=True, blank=True)
    by = models.ForeignKey(
        USER, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("时间", auto_now_add=True)

    objects = TaskEventQuerySet.as_manager()

    class Meta:
        verbose_name = "报送与审核记录"
        verbose_name_plural = "报送与审核记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


def evidence_path(instance, filename: str) -> str:
    return f"steering/evidence/{instance.event.assignment_id}/{uuid.uuid4().hex}.bin"


class EvidenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(event__in=TaskEvent.objects.visible_to(user))


class Evidence(models.Model):
    """A file proving progress (checked by apps.core.uploads, served by serve_upload)."""

    event = models.ForeignKey(
        TaskEvent, verbose_name="报送记录", on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField("文件", upload_to=evidence_path, max_length=200)
    name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("类型", max_length=50)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
