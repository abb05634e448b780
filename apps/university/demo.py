"""Demo 老年大学 of the city bureau: a running term already allocated (智能手机应用 oversubscribed
and drawn with the published seed "demo-2026"; sessions with attendance so far) and a term
whose application window is open now (cadre1 / family1 can apply from /university/me/)."""

import random
from datetime import date, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import OrgUnit
from apps.cadres.models import Cadre

from . import services
from .models import (
    Application,
    Attendance,
    ClassSession,
    ClassSlot,
    Course,
    PriorityRule,
    SchoolClass,
    Term,
)

ORDER = 95

COURSES = [
    ("智能手机应用", "信息技术", 10, [(2, "09:00", "11:00")]),
    ("书法", "书画", 30, [(1, "09:00", "11:00")]),
    ("国画", "书画", 25, [(3, "14:30", "16:30")]),
    ("声乐", "音乐", 40, [(4, "09:00", "11:00"), (1, "14:30", "16:00")]),
    ("太极拳", "体育", 35, [(5, "08:00", "09:30")]),
]
RULES = [PriorityRule.Kind.LIXIU_FIRST, PriorityRule.Kind.NEW_FIRST, PriorityRule.Kind.ONE_POPULAR]


def _term(unit, name, *, starts_on, weeks, opens, closes) -> Term:
    term = Term.objects.create(
        unit=unit,
        name=name,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=weeks),
        apply_opens_at=opens,
        apply_closes_at=closes,
        allocate_on=timezone.localtime(closes).date(),
        status=Term.Status.PUBLISHED,
    )
    for order, kind in enumerate(RULES, start=1):
        PriorityRule.objects.create(term=term, order=order, kind=kind)
    return term


def _classes(term, courses) -> list[SchoolClass]:
    made = []
    for (name, _category, quota, slots), course in zip(COURSES, courses, strict=True):
        school_class = SchoolClass.objects.create(
            term=term,
            course=course,
            name=f"{name}{'初级' if quota < 20 else ''}班",
            teacher=random.Random(name).choice(["王老师", "李老师", "张老师", "陈老师"]),
            room=f"老干部活动中心 {200 + len(made) + 1} 室",
            quota=quota,
            fee=Decimal("150.00") if quota < 20 else Decimal("200.00"),
            age_max=85 if name == "太极拳" else None,
            health_note="需能站立练习 1 小时" if name == "太极拳" else "",
        )
        for weekday, start, end in slots:
            ClassSlot.objects.create(
                school_class=school_class,
                weekday=weekday,
                starts_at=time.fromisoformat(start),
                ends_at=time.fromisoformat(end),
            )
        made.append(school_class)
    return made


def _apply(school_class, cadre, channel) -> bool:
    try:
        services.application_submit(
            school_class=school_class, cadre=cadre, by=None, channel=channel
        )
    except ValidationError:  # demo: an ineligible or clashing pick is simply skipped
        return False
    return True


@transaction.atomic
def seed(*, rng: random.Random, today: date, log) -> None:
    if Term.objects.exists():
        log("  university: demo data already present")
        return
    city = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    cadres = list(Cadre.objects.alive().select_related("unit").order_by("pk")[:400])
    if city is None or len(cadres) < 30:
        log("  university: not enough cadres in the register, skipped")
        return
    courses = [
        Course.objects.create(unit=city, name=name, category=category)
        for name, category, _q, _s in COURSES
    ]
    now = timezone.now()
    running = _term(
        city,
        f"{today.year}年秋季学期",
        starts_on=today - timedelta(days=28),
        weeks=16,
        opens=now - timedelta(minutes=5),
        closes=now + timedelta(days=1),
    )
    classes = _classes(running, courses)
    channels = [Application.Channel.SELF, Application.Channel.PROXY, Application.Channel.COUNTER]
    picks = rng.sample(cadres, min(len(cadres), 160))
    # 智能手机应用: 10 places, about 30 applicants — the oversubscribed class.
    for cadre in picks[:32]:
        _apply(classes[0], cadre, rng.choice(channels))
    for cadre in picks[20:]:
        _apply(rng.choice(classes[1:]), cadre, rng.choice(channels))
    Term.objects.filter(pk=running.pk).update(
        apply_opens_at=now - timedelta(days=45),
        apply_closes_at=now - timedelta(days=35),
        allocate_on=today - timedelta(days=34),
    )
    running.refresh_from_db()
    services.term_allocate(term=running, seed="demo-2026", at=now)
    services.sessions_generate(term=running)
    for session in ClassSession.objects.filter(school_class__term=running, on__lt=today):
        students = Application.objects.filter(
            school_class_id=session.school_class_id, status=Application.Status.ENROLLED
        ).values_list("pk", flat=True)
        services.attendance_roll(
            session=session,
            marks={
                pk: rng.choice([Attendance.Status.PRESENT] * 8 + [Attendance.Status.EXCUSED])
                for pk in students
            },
            by=None,
        )
    upcoming = _term(
        city,
        f"{today.year + 1}年春季学期",
        starts_on=today + timedelta(days=40),
        weeks=16,
        opens=now - timedelta(days=2),
        closes=now + timedelta(days=12),
    )
    next_classes = _classes(upcoming, courses)
    for cadre in rng.sample(cadres, min(40, len(cadres))):
        _apply(rng.choice(next_classes), cadre, rng.choice(channels))
    drawn = classes[0]
    log(
        f"  university: 2 terms, {len(classes) * 2} classes; {drawn.name} drawn "
        f"({drawn.applications.count()} applicants for {drawn.quota} places, seed demo-2026); "
        f"{upcoming.name} open for applications"
    )
