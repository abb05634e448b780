"""Jobs: allocation on its date, sessions, reminders (a place, a move-up, the class starting
tomorrow) — each a function of the database; running it again creates nothing new."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.cadreside import services as cadreside_services
from apps.core.jobs import run_job
from apps.notifications.models import Reminder
from apps.university import services
from apps.university.models import Application, Term
from tests.factories import CadreFactory

from .factories import ClassFactory, TermFactory, apply, close_window

pytestmark = pytest.mark.django_db


def _students(unit, school_class, n):
    rows = []
    for i in range(n):
        cadre = CadreFactory(unit=unit)
        cadreside_services.cadre_account_create(cadre=cadre, username=f"j{school_class.pk}_{i}")
        rows.append(apply(school_class, cadre))
    return rows


def test_allocation_job_on_its_date_once(district_a):
    today = timezone.localdate()
    term = TermFactory(unit=district_a, allocate_on=today)
    school_class = ClassFactory(term=term, quota=1)
    _students(district_a, school_class, 3)
    assert run_job("university_allocate", on=today) == 0  # window still open
    close_window(term)
    assert run_job("university_allocate", on=today - timedelta(days=1)) == 0  # not yet its day
    assert run_job("university_allocate", on=today) == 1
    assert run_job("university_allocate", on=today) == 0
    assert Term.objects.get(pk=term.pk).status == Term.Status.ALLOCATED


def test_place_and_move_up_reminders_are_created_once(district_a):
    today = timezone.localdate()
    term = TermFactory(unit=district_a)
    school_class = ClassFactory(term=term, quota=1)
    rows = _students(district_a, school_class, 2)
    # a family proxy of the first student hears too
    proxy = cadreside_services.proxy_grant_create(
        cadre=rows[0].cadre, username="kin", relation="配偶", by=None
    ).user
    close_window(term)
    services.term_allocate(term=term, seed="r")  # on_commit does not fire inside the test
    first = run_job("university_places_remind", on=today)
    winner = Application.objects.get(status="enrolled")
    expected = 2 if winner.pk == rows[0].pk else 1
    assert first == expected
    assert run_job("university_places_remind", on=today) == 0
    leaving = winner
    services.application_withdraw(application=leaving, by=None)
    assert run_job("university_places_remind", on=today) == (2 if leaving.pk != rows[0].pk else 1)
    assert run_job("university_places_remind", on=today) == 0
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert kinds == {services.KIND_PLACE, services.KIND_MOVED_UP}
    assert proxy.pk in Reminder.objects.values_list("recipient_id", flat=True)


def test_class_starts_tomorrow_reminder_once(district_a):
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    term = TermFactory(
        unit=district_a,
        starts_on=tomorrow,
        ends_on=tomorrow + timedelta(days=30),
        allocate_on=today,
    )
    school_class = ClassFactory(
        term=term, quota=5, slots=[(tomorrow.isoweekday(), "09:00", "11:00")]
    )
    _students(district_a, school_class, 2)
    close_window(term)
    services.term_allocate(term=term)
    assert run_job("university_sessions", on=today) == 5  # tomorrow and four more weeks
    assert run_job("university_sessions", on=today) == 0
    assert run_job("university_class_starts_remind", on=today) == 2
    assert run_job("university_class_starts_remind", on=today) == 0
    reminder = Reminder.objects.filter(kind=services.KIND_TOMORROW).first()
    assert "明天开课" in reminder.subject and reminder.due_on == tomorrow
    # a week later the class does not "start" again
    assert run_job("university_class_starts_remind", on=today + timedelta(days=7)) == 0
