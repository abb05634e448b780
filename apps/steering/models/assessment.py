"""考核细则 / 六好: rubrics as data, yearly rounds, entries moving 自评 -> 推荐 -> 复核命名."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q

from .base import NON_NEGATIVE, POINTS, USER, UnitScopedQuerySet
from .tasks import TaskList


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

    history = HistoricalRecords()
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

    history = HistoricalRecords()
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
