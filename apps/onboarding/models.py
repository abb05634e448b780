"""荣誉退休: the checklist that starts when a cadre retires (or is registered as newly retired).

Each step is recorded with its date and who did it; a step once done stays done (a record of
work done). The checklist hangs on the cadre, so it is scoped by the cadre's unit.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from apps.accounts.scope import scope_q
from apps.cadres.models import Cadre


class Step(models.TextChoices):
    TALK = "talk", "一次谈话"
    CEREMONY = "ceremony", "一个仪式（荣誉退休仪式）"
    EXPERIENCE = "experience", "一次体验活动"
    SERVICE_REGISTER = "service_register", "对接服务管理：纳入服务管理名册"
    SERVICE_PLAN = "service_plan", "对接服务管理：制定服务计划"
    PLATFORM_VOLUNTEER = "platform_volunteer", "对接平台：加入志愿服务队"
    PLATFORM_TALENT = "platform_talent", "对接平台：登记银色人才"
    COMMUNITY_BRANCH = "community_branch", "对接社区：组织关系转接"


GROUPS = [
    ("三个一", [Step.TALK, Step.CEREMONY, Step.EXPERIENCE]),
    ("对接服务管理", [Step.SERVICE_REGISTER, Step.SERVICE_PLAN]),
    ("对接平台", [Step.PLATFORM_VOLUNTEER, Step.PLATFORM_TALENT]),
    ("对接社区", [Step.COMMUNITY_BRANCH]),
]


class ChecklistQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="cadre__unit"))

    def completed(self):
        return self.filter(completed_on__isnull=False)

    def in_progress(self):
        return self.filter(completed_on__isnull=True)


class Checklist(models.Model):
    class Trigger(models.TextChoices):
        RETIRED = "retired", "到达退休日期"
        REGISTERED = "registered", "新退休登记入册"

    cadre = models.OneToOneField(
        Cadre, verbose_name="离退休干部", on_delete=models.PROTECT, related_name="onboarding"
    )
    trigger = models.CharField("启动原因", max_length=20, choices=Trigger.choices)
    started_on = models.DateField("启动日期", db_index=True)
    completed_on = models.DateField("完成日期", null=True, blank=True)

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        verbose_name = "荣誉退休清单"
        verbose_name_plural = "荣誉退休清单"
        ordering = ["-started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.cadre.name} 荣誉退休"


class StepQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="checklist__cadre__unit"))


class ChecklistStep(models.Model):
    checklist = models.ForeignKey(
        Checklist, verbose_name="清单", on_delete=models.PROTECT, related_name="steps"
    )
    step = models.CharField("事项", max_length=30, choices=Step.choices)
    done_on = models.DateField("完成日期", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("登记时间", null=True, blank=True)
    note = models.CharField("情况说明", max_length=300, blank=True)

    history = HistoricalRecords()
    objects = StepQuerySet.as_manager()

    class Meta:
        verbose_name = "荣誉退休事项"
        verbose_name_plural = "荣誉退休事项"
        ordering = ["checklist_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "step"], name="onboarding_step_once"),
        ]

    def __str__(self) -> str:
        return self.get_step_display()
