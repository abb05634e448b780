"""The waiting list moves up in drawn order when a place is freed; two withdrawals at the same
moment (two transactions, two threads) never fill one place twice."""

import threading

import pytest
from django.db import connection

from apps.university import services
from apps.university.models import Application, SchoolClass
from tests.factories import CadreFactory

from .factories import ClassFactory, TermFactory, apply, close_window


def _allocated_class(unit, quota, applicants):
    term = TermFactory(unit=unit)
    school_class = ClassFactory(term=term, quota=quota)
    for _ in range(applicants):
        apply(school_class, CadreFactory(unit=unit))
    close_window(term)
    services.term_allocate(term=term, seed="w")
    return school_class


def by_status(school_class, status):
    return list(
        Application.objects.filter(school_class=school_class, status=status).order_by("draw_rank")
    )


@pytest.mark.django_db
def test_a_withdrawal_moves_up_the_first_waiting(district_a, staff_a):
    school_class = _allocated_class(district_a, 2, 5)
    first_waiting = by_status(school_class, "waiting")[0]
    leaving = by_status(school_class, "enrolled")[0]
    moved = services.application_withdraw(application=leaving, by=staff_a, reason="搬家")
    assert [a.pk for a in moved] == [first_waiting.pk]
    first_waiting.refresh_from_db()
    assert first_waiting.status == "enrolled" and first_waiting.moved_up_at is not None
    leaving.refresh_from_db()
    assert (leaving.status, leaving.withdrawn_by, leaving.withdraw_reason) == (
        "withdrawn",
        staff_a,
        "搬家",
    )
    assert leaving.history.count() >= 2  # the change is in the audit trail, the row stays


@pytest.mark.django_db
def test_a_waiting_withdrawal_moves_nobody(district_a):
    school_class = _allocated_class(district_a, 1, 3)
    waiting = by_status(school_class, "waiting")
    assert services.application_withdraw(application=waiting[1], by=None) == []
    assert len(by_status(school_class, "enrolled")) == 1


@pytest.mark.django_db
def test_withdrawing_twice_is_refused(district_a):
    from django.core.exceptions import ValidationError

    school_class = _allocated_class(district_a, 1, 1)
    row = by_status(school_class, "enrolled")[0]
    services.application_withdraw(application=row, by=None)
    with pytest.raises(ValidationError, match="已经退出"):
        services.application_withdraw(application=row, by=None)


@pytest.mark.django_db
def test_a_larger_quota_is_filled_by_the_daily_job_once(district_a):
    from django.utils import timezone

    school_class = _allocated_class(district_a, 1, 4)
    SchoolClass.objects.filter(pk=school_class.pk).update(quota=3)
    today = timezone.localdate()
    assert services.waiting_lists_fill(on=today) == 2
    assert services.waiting_lists_fill(on=today) == 0
    assert len(by_status(school_class, "enrolled")) == 3


@pytest.mark.django_db(transaction=True)
def test_two_withdrawals_at_once_never_overfill(district_a):
    school_class = _allocated_class(district_a, 2, 6)
    enrolled = by_status(school_class, "enrolled")
    barrier = threading.Barrier(2)
    errors = []

    def withdraw(application):
        try:
            barrier.wait(timeout=10)
            services.application_withdraw(application=application, by=None, reason="并发")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=withdraw, args=(a,)) for a in enrolled]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    now_enrolled = by_status(school_class, "enrolled")
    assert len(now_enrolled) == 2  # exactly the quota: two freed, two moved up
    assert len(by_status(school_class, "withdrawn")) == 2
    waiting = by_status(school_class, "waiting")
    # the two who moved up were the first two of the waiting list
    assert all(a.draw_rank < w.draw_rank for a in now_enrolled for w in waiting)


@pytest.mark.django_db(transaction=True)
def test_concurrent_withdrawal_of_the_same_place_moves_up_one(district_a):
    school_class = _allocated_class(district_a, 1, 4)
    leaving = by_status(school_class, "enrolled")[0]
    barrier = threading.Barrier(2)
    outcomes = []

    def withdraw():
        try:
            barrier.wait(timeout=10)
            services.application_withdraw(application=leaving, by=None)
            outcomes.append("ok")
        except Exception as exc:  # noqa: BLE001
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=withdraw) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["ValidationError", "ok"]
    assert len(by_status(school_class, "enrolled")) == 1
