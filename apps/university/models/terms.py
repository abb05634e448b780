"""Terms, priority rules, courses, classes and their weekly times."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q


def new_token() -> str:
    return secrets.token_urlsafe(18)


class TermQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="unit"))

    def published(self):
        return self.exclude(status=Term.Status.DRAFT)


class Term(models.Model):
    """学期: the application window (any moment inside it counts the same), then allocation."""

    class Status(models.TextChoices):
        DRAFT = "draft", "筹备中"
        PUBLISHED = "published", "已发布"
        ALLOCATED = "allocated", "已分配"
        CLOSED = "closed", "已结业"

    unit = models.ForeignKey(
        OrgUnit, verbose_name="办学单位", on_delete=models.PROTECT, related_name="terms"
    )
    name = models.CharField("学期名称", max_length=100)
    starts_on = models.DateField("开课日期")
    ends_on = models.DateField("结课日期")
    apply_opens_at = models.DateTimeField("报名开始")
    apply_closes_at = models.DateTimeField("报名截止")
    allocate_on = models.DateField("分配（摇号）日期")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    max_choices = models.PositiveSmallIntegerField(
        "每人最多报名班级数", default=3, help_text="同一学期每位学员最多可报名的班级数"
    )
    certificate_rate = models.PositiveSmallIntegerField(
        "结业证书出勤率（%）", default=80, help_text="出勤率达到此比例的学员可获结业证书"
    )
    allocated_at = models.DateTimeField("分配时间", null=True, blank=True, editable=False)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="分配人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    notes = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    history = HistoricalRecords()
    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = "学期"
        verbose_name_plural = "学期"
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="university_term_ends_after_start",
                violation_error_message="结课日期不能早于开课日期。",
            ),
            models.CheckConstraint(
                condition=Q(apply_closes_at__gt=F("apply_opens_at")),
                name="university_term_window_order",
                violation_error_message="报名截止时间必须晚于报名开始时间。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.apply_closes_at and self.allocate_on:
            from django.utils import timezone

            if self.allocate_on < timezone.localtime(self.apply_closes_at).date():
                errors["allocate_on"] = "分配日期不能早于报名截止日期。"
        if self.allocate_on and self.starts_on and self.allocate_on > self.starts_on:
            errors["allocate_on"] = "分配日期不能晚于开课日期。"
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "结课日期不能早于开课日期。"
        if (
            self.apply_opens_at
            and self.apply_closes_at
            and (self.apply_closes_at <= self.apply_opens_at)
        ):
            errors["apply_closes_at"] = "报名截止时间必须晚于报名开始时间。"
        if self.certificate_rate is not None and self.certificate_rate > 100:
            errors["certificate_rate"] = "出勤率不能超过 100%。"
        if errors:
            raise ValidationError(errors)

    def window_open(self, at) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.apply_opens_at <= at < self.apply_closes_at
        )

    @property
    def is_allocated(self) -> bool:
        return self.allocated_at is not None


class PriorityRuleQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="term__unit"))


class PriorityRule(models.Model):
    """One rule of the lottery's priority, evaluated in `order`: an applicant the rule prefers
    is drawn in a higher tier; inside a tier the seeded draw decides."""

    class Kind(models.TextChoices):
        LIXIU_FIRST = "lixiu_first", "离休干部优先"
        NEW_FIRST = "new_first", "上学期未在读者优先"
        ONE_POPULAR = "one_popular", "每人限一个热门班（已获热门班名额者靠后）"
        AGE_FIRST = "age_first", "年满规定年龄者优先"

    term = models.ForeignKey(
        Term, verbose_name="学期", on_delete=models.CASCADE, related_name="priority_rules"
    )
    order = models.PositiveSmallIntegerField("顺序", default=10)
    kind = models.CharField("规则", max_length=20, choices=Kind.choices)
    age = models.PositiveSmallIntegerField("年龄（周岁）", null=True, blank=True)
    active = models.BooleanField("启用", default=True)

    history = HistoricalRecords()
    objects = PriorityRuleQuerySet.as_manager()

    class Meta:
        verbose_name = "录取优先规则"
        verbose_name_plural = "录取优先规则"
        ordering = ["term", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["term", "kind"], name="university_rule_once_per_term"),
            models.CheckConstraint(
                condition=~Q(kind="age_first") | Q(age__isnull=False),
                name="university_rule_age_needs_age",
                violation_error_message="“年满规定年龄者优先”须填写年龄。",
            ),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        return f"{label}（{self.age}岁）" if self.kind == self.Kind.AGE_FIRST else label


class CourseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="unit"))


class Course(models.Model):
    """课程 (书法, 声乐, 智能手机 …): kept across terms; a term opens classes of it."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name="办学单位", on_delete=models.PROTECT, related_name="courses"
    )
    name = models.CharField("课程名称", max_length=100)
    category = models.CharField("类别", max_length=50, blank=True)
    description = models.TextField("课程介绍", blank=True)
    active = models.BooleanField("开设中", default=True)

    history = HistoricalRecords()
    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = "课程"
        verbose_name_plural = "课程"
        ordering = ["unit_id", "category", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="university_course_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ClassQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="term__unit"))

    def public(self):
        """What the public site lists: classes of published terms, not cancelled."""
        shown = [Term.Status.PUBLISHED, Term.Status.ALLOCATED]
        return self.filter(term__status__in=shown).exclude(status=SchoolClass.Status.CANCELLED)


class SchoolClass(models.Model):
    """班级: one course's class in one term, with teacher, room, weekly times, quota, fee and
    conditions (age, health) as data."""

    class Status(models.TextChoices):
        OPEN = "open", "开班"
        CANCELLED = "cancelled", "停开"

    term = models.ForeignKey(
        Term, verbose_name="学期", on_delete=models.PROTECT, related_name="classes"
    )
    course = models.ForeignKey(
        Course, verbose_name="课程", on_delete=models.PROTECT, related_name="classes"
    )
    name = models.CharField("班级名称", max_length=100)
    teacher = models.CharField("任课教师", max_length=50)
    room = models.CharField("教室/地点", max_length=100)
    quota = models.PositiveIntegerField("招生名额")
    fee = models.DecimalField("学费（元）", max_digits=12, decimal_places=2, default=0)
    age_min = models.PositiveSmallIntegerField("最低年龄", null=True, blank=True)
    age_max = models.PositiveSmallIntegerField("最高年龄", null=True, blank=True)
    health_note = models.CharField("身体条件说明", max_length=200, blank=True)
    description = models.TextField("班级介绍", blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OPEN)
    # The QR on the classroom door: a student signed in on the cadre side scans it to sign in
    # to today's session. Random, printed once per term; a new one replaces a lost print.
    door_token = models.CharField("签到码", max_length=40, unique=True, default=new_token)

    history = HistoricalRecords(excluded_fields=["door_token"])
    objects = ClassQuerySet.as_manager()

    class Meta:
        verbose_name = "班级"
        verbose_name_plural = "班级"
        ordering = ["term", "course__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="university_class_unique_name"),
            models.CheckConstraint(
                condition=Q(quota__gt=0), name="university_class_quota_positive"
            ),
            models.CheckConstraint(
                condition=Q(fee__gte=0), name="university_class_fee_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_max__gte=F("age_min")),
                name="university_class_age_range",
                violation_error_message="最高年龄不能小于最低年龄。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term.name} {self.name}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.age_min and self.age_max and self.age_max < self.age_min:
            raise ValidationError({"age_max": "最高年龄不能小于最低年龄。"})
        if self.course_id and self.term_id and self.course.unit_id != self.term.unit_id:
            raise ValidationError({"course": "只能选择本办学单位的课程。"})

    def times_label(self) -> str:
        return "；".join(str(s) for s in self.slots.all())


class ClassSlotQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="school_class__term__unit"))


class ClassSlot(models.Model):
    """A weekly time of a class (a class may meet several times a week)."""

    class Weekday(models.IntegerChoices):
        MON = 1, "周一"
        TUE = 2, "周二"
        WED = 3, "周三"
        THU = 4, "周四"
        FRI = 5, "周五"
        SAT = 6, "周六"
        SUN = 7, "周日"

    school_class = models.ForeignKey(
        SchoolClass, verbose_name="班级", on_delete=models.CASCADE, related_name="slots"
    )
    weekday = models.PositiveSmallIntegerField("星期", choices=Weekday.choices)
    starts_at = models.TimeField("开始时间")
    ends_at = models.TimeField("结束时间")

    history = HistoricalRecords()
    objects = ClassSlotQuerySet.as_manager()

    class Meta:
        verbose_name = "上课时间"
        verbose_name_plural = "上课时间"
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="university_slot_ends_after_start",
                violation_error_message="下课时间必须晚于上课时间。",
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=1, weekday__lte=7), name="university_slot_weekday"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def overlaps(self, other: "ClassSlot") -> bool:
        return (
            self.weekday == other.weekday
            and self.starts_at < other.ends_at
            and other.starts_at < self.ends_at
        )
