"""Sessions from the weekly times, attendance (QR at the door or the roll on a phone) and
certificates at the end of term."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from ..models import (
    Application,
    Attendance,
    Certificate,
    ClassSession,
    ClassSlot,
    SchoolClass,
    Term,
)


def sessions_generate(*, term: Term) -> int:
    """Every weekly time of every open class, on each date of the term; returns how many were
    new (a unique constraint per class, day and hour: running twice adds nothing)."""
    slots = ClassSlot.objects.filter(
        school_class__term=term, school_class__status=SchoolClass.Status.OPEN
    )
    rows = []
    for slot in slots:
        day = term.starts_on + timedelta(days=(slot.weekday - term.starts_on.isoweekday()) % 7)
        while day <= term.ends_on:
            rows.append(
                ClassSession(
                    school_class_id=slot.school_class_id,
                    on=day,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                )
            )
            day += timedelta(days=7)
    before = ClassSession.objects.filter(school_class__term=term).count()
    ClassSession.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return ClassSession.objects.filter(school_class__term=term).count() - before


def sessions_generate_due(*, on) -> int:
    """Daily: sessions for allocated terms not yet over."""
    created = 0
    for term in Term.objects.filter(status=Term.Status.ALLOCATED, ends_on__gte=on):
        created += sessions_generate(term=term)
    return created


def _today_session(school_class: SchoolClass, now) -> ClassSession | None:
    local = timezone.localtime(now)
    sessions = list(
        ClassSession.objects.filter(
            school_class=school_class, on=local.date(), status=ClassSession.Status.SCHEDULED
        ).order_by("starts_at")
    )
    if not sessions:
        return None
    # The session under way or the next one today; after the last, the last.
    for session in sessions:
        if local.time() <= session.ends_at:
            return session
    return sessions[-1]


@transaction.atomic
def attendance_checkin(*, school_class: SchoolClass, cadre, by, on_behalf: bool, at=None):
    """The student scanned the door's QR (signed in on the cadre side): present today."""
    at = at or timezone.now()
    application = Application.objects.filter(
        school_class=school_class, cadre=cadre, status=Application.Status.ENROLLED
    ).first()
    if application is None:
        raise ValidationError(f"您不是“{school_class.name}”的在读学员，不能签到。")
    session = _today_session(school_class, at)
    if session is None:
        raise ValidationError(f"“{school_class.name}”今天没有课。")
    row, created = Attendance.objects.get_or_create(
        session=session,
        application=application,
        defaults={
            "status": Attendance.Status.PRESENT,
            "method": Attendance.Method.QR,
            "on_behalf": on_behalf,
            "recorded_by": by,
        },
    )
    if not created and row.status != Attendance.Status.PRESENT:
        row.status, row.method, row.on_behalf, row.recorded_by = (
            Attendance.Status.PRESENT,
            Attendance.Method.QR,
            on_behalf,
            by,
        )
        row.save(update_fields=["status", "method", "on_behalf", "recorded_by", "recorded_at"])
    return row, created


@transaction.atomic
def attendance_roll(*, session: ClassSession, marks: dict[int, str], by) -> int:
    """The teacher's (or staff's) roll on a phone: {application id: status}. Only the class's
    enrolled students; returns how many rows were written."""
    if session.status != ClassSession.Status.SCHEDULED:
        raise ValidationError("本课次已停课，不能点名。")
    if session.on > timezone.localdate():
        raise ValidationError("还没到上课日期，不能点名。")
    valid = set(Attendance.Status.values)
    enrolled = set(
        Application.objects.filter(
            school_class_id=session.school_class_id, status=Application.Status.ENROLLED
        ).values_list("pk", flat=True)
    )
    written = 0
    for app_id, status in marks.items():
        if app_id not in enrolled or status not in valid:
            continue
        Attendance.objects.update_or_create(
            session=session,
            application_id=app_id,
            defaults={"status": status, "method": Attendance.Method.ROLL, "recorded_by": by},
        )
        written += 1
    return written


def attendance_counts(applications, *, until) -> dict[int, tuple[int, int]]:
    """{application id: (sessions held up to `until`, present)} in two grouped queries."""
    applications = list(applications)
    class_ids = {a.school_class_id for a in applications}
    held = dict(
        ClassSession.objects.filter(
            school_class_id__in=class_ids, status=ClassSession.Status.SCHEDULED, on__lte=until
        )
        .values_list("school_class_id")
        .annotate(n=Count("pk"))
    )
    present = dict(
        Attendance.objects.filter(
            application__in=applications,
            status=Attendance.Status.PRESENT,
            session__status=ClassSession.Status.SCHEDULED,
            session__on__lte=until,
        )
        .values_list("application_id")
        .annotate(n=Count("pk"))
    )
    return {a.pk: (held.get(a.school_class_id, 0), present.get(a.pk, 0)) for a in applications}


@transaction.atomic
def certificates_issue(*, term: Term, by, on) -> int:
    """结业证书 for every student of the term whose attendance reached the threshold; returns
    how many were new (one per application: issuing twice adds nothing)."""
    if on < term.ends_on:
        raise ValidationError(f"学期 {term.ends_on:%Y-%m-%d} 结课后才能发放结业证书。")
    applications = Application.objects.filter(
        school_class__term=term, status=Application.Status.ENROLLED
    ).filter(Q(certificate__isnull=True))
    counts = attendance_counts(applications, until=term.ends_on)
    new = [
        Certificate(
            application_id=pk,
            number=f"{term.pk:04d}{pk:07d}",
            issued_on=on,
            sessions=held,
            present=present,
            issued_by=by,
        )
        for pk, (held, present) in counts.items()
        if held and present * 100 >= term.certificate_rate * held
    ]
    Certificate.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
