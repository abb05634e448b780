"""Sessions, attendance and certificates."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from apps.accounts.scope import scope_q

from .enrolment import Application
from .terms import SchoolClass


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="school_class__term__unit"))


class ClassSession(models.Model):
    """One meeting of a class, generated from its weekly times over the term."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "正常上课"
        CANCELLED = "cancelled", "停课"

    school_class = models.ForeignKey(
        SchoolClass, verbose_name="班级", on_delete=models.PROTECT, related_name="sessions"
    )
    on = models.DateField("日期")
    starts_at = models.TimeField("开始时间")
    ends_at = models.TimeField("结束时间")
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )

    history = HistoricalRecords()
    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = "课次"
        verbose_name_plural = "课次"
        ordering = ["on", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "on", "starts_at"], name="university_session_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_class.name} {self.on:%Y-%m-%d} {self.starts_at:%H:%M}"


class AttendanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(
            scope_q(user, unit="application__cadre__unit", cadre="application__cadre")
        )


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "出勤"
        EXCUSED = "excused", "请假"
        ABSENT = "absent", "缺勤"

    class Method(models.TextChoices):
        QR = "qr", "扫码签到"
        ROLL = "roll", "点名"

    session = models.ForeignKey(
        ClassSession, verbose_name="课次", on_delete=models.PROTECT, related_name="attendance"
    )
    application = models.ForeignKey(
        Application, verbose_name="学员", on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField("出勤", max_length=20, choices=Status.choices)
    method = models.CharField("方式", max_length=10, choices=Method.choices)
    on_behalf = models.BooleanField("家属代签", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("记录时间", auto_now=True)

    history = HistoricalRecords()
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = "考勤"
        verbose_name_plural = "考勤"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "application"], name="university_attendance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.cadre} {self.session} {self.get_status_display()}"


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(
            scope_q(user, unit="application__cadre__unit", cadre="application__cadre")
        )


class Certificate(models.Model):
    """结业证书, for a student whose attendance reached the term's threshold."""

    application = models.OneToOneField(
        Application, verbose_name="学员", on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField("证书编号", max_length=30, unique=True)
    issued_on = models.DateField("发证日期")
    sessions = models.PositiveIntegerField("课次")
    present = models.PositiveIntegerField("出勤")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发证人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = "结业证书"
        verbose_name_plural = "结业证书"
        ordering = ["number"]

    def __str__(self) -> str:
        return self.number

    @property
    def rate(self) -> int:
        return round(100 * self.present / self.sessions) if self.sessions else 0
