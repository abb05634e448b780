"""Factories of the 老年大学 and `university_world`, the matrices' objects."""

from datetime import date, time, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apps.university.models import (
    Application,
    ClassSlot,
    Course,
    PriorityRule,
    SchoolClass,
    Term,
)
from tests.factories import OrgUnitFactory


class TermFactory(DjangoModelFactory):
    class Meta:
        model = Term

    unit = factory.SubFactory(OrgUnitFactory)
    name = factory.Sequence(lambda n: f"2027年春季学期{n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=90))
    apply_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    apply_closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    allocate_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=2))
    status = Term.Status.PUBLISHED


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course

    unit = factory.SubFactory(OrgUnitFactory)
    name = factory.Sequence(lambda n: f"书法{n}")
    category = "书画"


class ClassFactory(DjangoModelFactory):
    class Meta:
        model = SchoolClass
        skip_postgeneration_save = True

    term = factory.SubFactory(TermFactory)
    course = factory.SubFactory(CourseFactory, unit=factory.SelfAttribute("..term.unit"))
    name = factory.Sequence(lambda n: f"初级{n}班")
    teacher = "王老师"
    room = "301 教室"
    quota = 2
    fee = Decimal("200.00")

    @factory.post_generation
    def slots(obj, create, extracted, **kwargs):
        """slots=[(weekday, "09:00", "11:00"), …]; default Monday 9–11."""
        if not create:
            return
        for weekday, start, end in extracted or [(1, "09:00", "11:00")]:
            ClassSlot.objects.create(
                school_class=obj,
                weekday=weekday,
                starts_at=time.fromisoformat(start),
                ends_at=time.fromisoformat(end),
            )


def rules(term, *kinds, age=None):
    for order, kind in enumerate(kinds, start=1):
        PriorityRule.objects.create(term=term, order=order, kind=kind, age=age)


def close_window(term):
    """Move the window into the past (the draw may run); the term keeps its dates."""
    now = timezone.now()
    Term.objects.filter(pk=term.pk).update(
        apply_opens_at=now - timedelta(days=3), apply_closes_at=now - timedelta(minutes=1)
    )
    term.refresh_from_db()
    return term


def apply(school_class, cadre, by=None, channel=Application.Channel.COUNTER):
    from apps.university.services import application_submit

    return application_submit(school_class=school_class, cadre=cadre, by=by, channel=channel)


def university_world(unit, cadre, staff=None) -> dict:
    """The matrices' objects of one world: a term of `unit` already allocated and over, with a
    class the world's cadre holds a place in, a draw, a session with their attendance and a
    certificate."""
    from apps.university import services

    today = timezone.localdate()
    term = TermFactory(
        unit=unit,
        starts_on=today - timedelta(days=60),
        ends_on=today,
        allocate_on=today - timedelta(days=61),
        apply_opens_at=timezone.now() - timedelta(days=70),
        apply_closes_at=timezone.now() - timedelta(days=62),
    )
    school_class = ClassFactory(term=term, quota=1, slots=[(today.isoweekday(), "08:00", "10:00")])
    rival = type(cadre).objects.create(
        name="候补甲",
        gender=cadre.gender,
        birth_date=date(1950, 5, 5),
        id_number=_id_for(date(1950, 5, 5), cadre.gender),
        unit=unit,
        retirement_kind="tuixiu",
    )
    own = Application.objects.create(
        school_class=school_class, cadre=cadre, channel=Application.Channel.SELF
    )
    Application.objects.create(
        school_class=school_class, cadre=rival, channel=Application.Channel.COUNTER
    )
    services.term_allocate(term=term, by=staff, seed="matrix")
    Application.objects.filter(pk=own.pk).update(status="enrolled")
    Application.objects.filter(school_class=school_class).exclude(pk=own.pk).update(
        status="waiting"
    )
    services.sessions_generate(term=term)
    for session in school_class.sessions.order_by("on"):
        services.attendance_roll(session=session, marks={own.pk: "present"}, by=staff)
    services.certificates_issue(term=term, by=staff, on=today)
    own.refresh_from_db()
    return {
        "uterm": term,
        "uclass": school_class,
        "uapplication": own,
        "udraw": school_class.draw,
        "usession": session,
        "ucertificate": own.certificate,
    }


def _id_for(birth, gender):
    from tests.factories import make_id_number

    return make_id_number(birth, gender)
