"""The bureau's steering of the units below it (任务清单, 考核, 六好, 办实事/重点课题).

Every row hangs on an OrgUnit: a district sees and reports its own rows (scope_q, unit path);
the city bureau sees all. Nothing here is ever hard-deleted: reports and reviews are rows of
TaskEvent, the steps of an assessment entry keep who moved them and when.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q

POINTS = {"max_digits": 7, "decimal_places": 2}
MONEY = {"max_digits": 12, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]
USER = settings.AUTH_USER_MODEL


class UnitScopedQuerySet(models.QuerySet):
    unit_path = "unit"

    def visible_to(self, user):
        return self.filter(scope_q(user, unit=self.unit_path))


# --- 任务清单 ------------------------------------------------------------------------------------
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


# --- 考核细则 / 六好 -------------------------------------------------------------------------------
class Rubric(models.Model):
    """A scoring rubric as data: items with points, sub-items, bonus and deduction rules."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", "绩效考核"
        SIX_GOOD = "six_good", "六好"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="制定单位", on_delete=models.PROTECT, related_name="rubrics"
    )
    notes = models.TextField("说明", blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "考核细则"
        verbose_name_plural = "考核细则"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class RubricItemQuerySet(UnitScopedQuerySet):
    unit_path = "rubric__unit"


class RubricItem(models.Model):
    """An item or sub-item. Leaves are scored: by hand (self-score, reviewed), from the year's
    task list (weight earned), or from a named metric (rate in % × points)."""

    class Kind(models.TextChoices):
        SCORE = "score", "基本分"
        BONUS = "bonus", "加分"
        DEDUCTION = "deduction", "减分"

    class Source(models.TextChoices):
        MANUAL = "manual", "自评/审核"
        TASK_LIST = "task_list", "任务清单完成情况"
        METRIC = "metric", "平台数据"

    rubric = models.ForeignKey(
        Rubric, verbose_name="考核细则", on_delete=models.PROTECT, related_name="items"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField("编号", max_length=20)
    title = models.CharField("项目", max_length=200)
    points = models.DecimalField("分值", **POINTS, validators=NON_NEGATIVE)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.SCORE)
    source = models.CharField("计分来源", max_length=10, choices=Source.choices, default="manual")
    metric = models.CharField("平台指标", max_length=60, blank=True)
    rule = models.CharField("计分规则", max_length=300, blank=True)

    objects = RubricItemQuerySet.as_manager()

    class Meta:
        verbose_name = "考核项目"
        verbose_name_plural = "考核项目"
        ordering = ["rubric_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="rubricitem_unique_code"),
            models.CheckConstraint(
                condition=~Q(source="metric") | ~Q(metric=""), name="rubricitem_metric_named"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rounds the user's scope runs, and rounds with an entry inside their scope."""
        entered = AssessmentEntry.objects.visible_to(user).values("round_id")
        return self.filter(scope_q(user, unit="rubric__unit") | Q(pk__in=entered))


class AssessmentRound(models.Model):
    """One year's run of a rubric (年度考核, 六好评选)."""

    rubric = models.ForeignKey(
        Rubric, verbose_name="考核细则", on_delete=models.PROTECT, related_name="rounds"
    )
    year = models.PositiveIntegerField("年度")
    title = models.CharField("名称", max_length=100)
    task_list = models.ForeignKey(
        TaskList,
        verbose_name="关联任务清单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rounds",
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = "考核（评选）"
        verbose_name_plural = "考核（评选）"
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "year"], name="round_once_per_year"),
        ]

    def __str__(self) -> str:
        return self.title


class EntryQuerySet(UnitScopedQuerySet):
    pass


class AssessmentEntry(models.Model):
    """A unit (or, for 六好, a branch of the unit, named) in a round, moving 自评 -> 推荐 ->
    复核命名; each step keeps who moved it and when."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待自评"
        SELF_ASSESSED = "self_assessed", "已自评"
        RECOMMENDED = "recommended", "已推荐"
        NAMED = "named", "复核通过（命名）"
        NOT_NAMED = "not_named", "复核未通过"

    round = models.ForeignKey(
        AssessmentRound, verbose_name="考核", on_delete=models.PROTECT, related_name="entries"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name="单位", on_delete=models.PROTECT, related_name="assessment_entries"
    )
    candidate = models.CharField("参评对象", max_length=100, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default="draft")
    total = models.DecimalField("总分", **POINTS, null=True, blank=True)
    self_assessed_by = models.ForeignKey(
        USER,
        verbose_name="自评人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    self_assessed_at = models.DateTimeField("自评时间", null=True, blank=True)
    recommended_by = models.ForeignKey(
        USER,
        verbose_name="推荐人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recommended_at = models.DateTimeField("推荐时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER,
        verbose_name="复核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("复核时间", null=True, blank=True)
    review_note = models.CharField("复核意见", max_length=300, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "参评单位"
        verbose_name_plural = "参评单位"
        ordering = ["round_id", "unit__path", "candidate"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit", "candidate"], name="entry_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return self.candidate or self.unit.name


class ItemScoreQuerySet(UnitScopedQuerySet):
    unit_path = "entry__unit"


class ItemScore(models.Model):
    """The score of one leaf item for one entry: what the unit claimed, what counts."""

    entry = models.ForeignKey(
        AssessmentEntry, verbose_name="参评单位", on_delete=models.PROTECT, related_name="scores"
    )
    item = models.ForeignKey(
        RubricItem, verbose_name="考核项目", on_delete=models.PROTECT, related_name="scores"
    )
    self_score = models.DecimalField("自评分", **POINTS, null=True, blank=True)
    score = models.DecimalField("得分", **POINTS, null=True, blank=True)
    basis = models.CharField("计分依据", max_length=200, blank=True)

    objects = ItemScoreQuerySet.as_manager()

    class Meta:
        verbose_name = "项目得分"
        verbose_name_plural = "项目得分"
        ordering = ["entry_id", "item__code"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "item"], name="itemscore_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.score}"


# --- 办实事 / 重点课题 ------------------------------------------------------------------------------
class Project(models.Model):
    class Kind(models.TextChoices):
        PRACTICAL = "practical", "办实事项目"
        KEY_TOPIC = "key_topic", "重点课题"

    class Status(models.TextChoices):
        PLANNED = "planned", "计划中"
        ONGOING = "ongoing", "推进中"
        DONE = "done", "已完成"

    unit = models.ForeignKey(
        OrgUnit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="steering_projects"
    )
    year = models.PositiveIntegerField("年度")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    goal = models.TextField("目标与内容", blank=True)
    lead = models.CharField("牵头负责人", max_length=50, blank=True)
    budget = models.DecimalField("预算（元）", **MONEY, default=Decimal("0"))
    spent = models.DecimalField("已支出（元）", **MONEY, default=Decimal("0"))
    status = models.CharField("状态", max_length=10, choices=Status.choices, default="planned")
    outcome = models.TextField("成效", blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "办实事项目/重点课题"
        verbose_name_plural = "办实事项目/重点课题"
        ordering = ["-year", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0) & Q(spent__gte=0), name="project_money_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MilestoneQuerySet(UnitScopedQuerySet):
    unit_path = "project__unit"


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="milestones"
    )
    title = models.CharField("节点", max_length=200)
    due_on = models.DateField("计划日期")
    done_on = models.DateField("完成日期", null=True, blank=True)
    done_by = models.ForeignKey(
        USER,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = "项目节点"
        verbose_name_plural = "项目节点"
        ordering = ["project_id", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title
