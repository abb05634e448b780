"""Applications: every channel equal, refused with a clear Chinese message (nothing saved) for
overlapping times, age, a closed window, a duplicate, too many choices or another school."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.cadres.models import Cadre
from apps.university.models import Application, SchoolClass, Term
from tests.factories import CadreFactory, OrgUnitFactory

from .factories import ClassFactory, TermFactory, apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def term(district_a):
    return TermFactory(unit=district_a)


@pytest.fixture
def cadre(district_a):
    return CadreFactory(unit=district_a, birth_date=date(1950, 3, 1))


def refused(school_class, cadre, match):
    before = Application.objects.count()
    with pytest.raises(ValidationError, match=match):
        apply(school_class, cadre)
    assert Application.objects.count() == before


def test_overlapping_weekly_times_are_refused(term, cadre):
    first = ClassFactory(term=term, name="书法班", slots=[(1, "09:00", "11:00")])
    clash = ClassFactory(term=term, slots=[(3, "14:00", "15:00"), (1, "10:30", "12:00")])
    apply(first, cadre)
    refused(clash, cadre, "与已报名的“书法班”（周一 09:00–11:00）上课时间冲突")


def test_back_to_back_times_do_not_overlap(term, cadre):
    apply(ClassFactory(term=term, slots=[(1, "09:00", "11:00")]), cadre)
    assert apply(ClassFactory(term=term, slots=[(1, "11:00", "12:00")]), cadre).pk


def test_overlap_counts_across_schools_running_at_the_same_time(term, cadre, city):
    city_term = TermFactory(unit=city)
    apply(ClassFactory(term=city_term, name="市声乐班", slots=[(2, "09:00", "11:00")]), cadre)
    refused(ClassFactory(term=term, slots=[(2, "10:00", "11:00")]), cadre, "市声乐班")


def test_a_withdrawn_application_frees_the_time(term, cadre):
    from apps.university.services import application_withdraw

    first = apply(ClassFactory(term=term, slots=[(1, "09:00", "11:00")]), cadre)
    application_withdraw(application=first, by=None, reason="改报")
    assert apply(ClassFactory(term=term, slots=[(1, "09:00", "11:00")]), cadre).pk


def test_age_conditions_on_the_first_day_of_term(term, cadre):
    # cadre born 1950-03-01; the term starts in ten days
    age = cadre.age_on(term.starts_on)
    refused(ClassFactory(term=term, age_max=age - 1), cadre, f"{age - 1} 周岁及以下")
    refused(ClassFactory(term=term, age_min=age + 1), cadre, f"{age + 1} 周岁及以上")
    assert apply(ClassFactory(term=term, age_min=age, age_max=age), cadre).pk


def test_the_window_decides_not_the_channel(term, cadre):
    school_class = ClassFactory(term=term)
    Term.objects.filter(pk=term.pk).update(apply_opens_at=timezone.now() + timedelta(hours=2))
    refused(school_class, cadre, "报名尚未开始")
    Term.objects.filter(pk=term.pk).update(
        apply_opens_at=timezone.now() - timedelta(days=2),
        apply_closes_at=timezone.now() - timedelta(seconds=1),
    )
    refused(school_class, cadre, "报名已经截止")


def test_a_draft_term_takes_no_applications(cadre, district_a):
    refused(ClassFactory(term=TermFactory(unit=district_a, status="draft")), cadre, "截止")


def test_duplicate_and_too_many_choices(term, cadre):
    school_class = ClassFactory(term=term, slots=[(1, "08:00", "09:00")])
    apply(school_class, cadre)
    refused(school_class, cadre, "已经报名了这个班级")
    Term.objects.filter(pk=term.pk).update(max_choices=2)
    apply(ClassFactory(term=term, slots=[(2, "08:00", "09:00")]), cadre)
    refused(ClassFactory(term=term, slots=[(3, "08:00", "09:00")]), cadre, "最多报名 2 个班级")


def test_another_districts_school_does_not_take_the_cadre(cadre, district_b):
    refused(ClassFactory(term=TermFactory(unit=district_b)), cadre, "招生范围")


def test_a_cancelled_class_and_a_cadre_off_the_register(term, cadre):
    cancelled = ClassFactory(term=term, status=SchoolClass.Status.CANCELLED)
    refused(cancelled, cadre, "停开")
    gone = CadreFactory(unit=term.unit)
    Cadre.objects.filter(pk=gone.pk).update(status="deceased", deceased_on=date(2026, 1, 1))
    refused(ClassFactory(term=term), gone, "不在册")


def test_every_channel_is_recorded(term, district_a):
    school_class = ClassFactory(term=term, quota=9)
    for channel in Application.Channel.values:
        row = apply(school_class, CadreFactory(unit=district_a), channel=channel)
        assert row.channel == channel
    assert {a.on_behalf for a in Application.objects.all()} == {True, False}


def test_a_city_school_takes_cadres_of_every_district(city, district_a, district_b):
    school_class = ClassFactory(term=TermFactory(unit=city), quota=5)
    for unit in (district_a, district_b, OrgUnitFactory(parent=district_a)):
        apply(school_class, CadreFactory(unit=unit))
    assert school_class.applications.count() == 3
