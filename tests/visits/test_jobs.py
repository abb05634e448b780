from datetime import date

import pytest
from django.core.management import call_command

from apps.core import jobs
from apps.notifications.models import Reminder
from apps.visits.models import Visit, VisitRule
from apps.visits.services import visit_record, visits_generate, visits_mark_overdue, visits_remind
from tests.concurrency import at_once
from tests.factories import CadreFactory

from .factories import VisitFactory


def _run_all(on: date) -> None:
    for job in jobs.jobs(jobs.DAILY):
        if job.name.startswith("visits_"):
            jobs.run_job(job.name, on=on)


def test_the_visit_jobs_are_registered_in_order():
    names = [j.name for j in jobs.jobs(jobs.DAILY) if j.name.startswith("visits_")]
    assert names == ["visits_generate", "visits_mark_overdue", "visits_remind"]


def test_a_planned_visit_past_its_due_date_becomes_overdue(district_a):
    visit = VisitFactory(cadre__unit=district_a, due_date=date(2026, 11, 20))
    assert visits_mark_overdue(on=date(2026, 11, 20)) == 0
    assert visits_mark_overdue(on=date(2026, 11, 21)) == 1
    visit.refresh_from_db()
    assert visit.status == Visit.Status.OVERDUE


def test_assignee_is_reminded_once_when_a_visit_is_due_within_notice(district_a, staff_a):
    rule = VisitRule.objects.get(code="birthday")  # notice 14
    VisitFactory(cadre__unit=district_a, rule=rule, assignee=staff_a, due_date=date(2026, 12, 8))
    assert visits_remind(on=date(2026, 11, 23)) == 0
    assert visits_remind(on=date(2026, 11, 24)) == 1
    assert visits_remind(on=date(2026, 11, 25)) == 0
    reminder = Reminder.objects.get()
    assert (reminder.recipient, reminder.kind, reminder.due_on) == (
        staff_a,
        "visit_due",
        date(2026, 12, 8),
    )


def test_overdue_visits_are_reminded(district_a, staff_a):
    visit = VisitFactory(cadre__unit=district_a, assignee=staff_a, status="overdue")
    assert visits_remind(on=date(2026, 11, 24)) == 1
    assert Reminder.objects.get().key == f"visit_overdue:{visit.pk}"


def test_recording_a_visit_closes_its_reminders(district_a, staff_a):
    visit = VisitFactory(cadre__unit=district_a, assignee=staff_a, status="overdue")
    visits_remind(on=date(2026, 11, 24))
    visit_record(visit=visit, by=staff_a, done_on=date(2026, 11, 20), form="home")
    assert Reminder.objects.get().closed_at is not None


def test_running_the_daily_jobs_twice_creates_no_duplicates(district_a, staff_a):
    CadreFactory.create_batch(5, unit=district_a, birth_date=date(1946, 11, 30))
    _run_all(date(2026, 11, 24))
    visits, reminders = Visit.objects.count(), Reminder.objects.count()
    assert visits and reminders
    _run_all(date(2026, 11, 24))
    assert (Visit.objects.count(), Reminder.objects.count()) == (visits, reminders)


def test_run_daily_jobs_command_catches_up_for_a_given_date(district_a, staff_a):
    CadreFactory(unit=district_a)
    call_command("run_daily_jobs", "--date", "2026-11-03", "--only", "visits_generate")
    assert Visit.objects.filter(occasion_key="routine:routine-call:2026-11").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_running_the_daily_jobs_at_once_create_no_duplicates(district_a, staff_a):
    CadreFactory.create_batch(20, unit=district_a, birth_date=date(1946, 11, 30))
    _, errors = at_once(lambda: _run_all(date(2026, 11, 24)))
    assert errors == []
    # 20 birthdays (80 on 30 November) and 20 monthly calls, each once.
    assert Visit.objects.count() == 40
    keys = list(Reminder.objects.values_list("recipient", "key"))
    assert len(keys) == len(set(keys)) == 20  # monthly calls are not reminded one by one
    assert visits_generate(on=date(2026, 11, 24)) == 0


def test_a_run_killed_half_way_is_completed_by_the_redelivered_run(district_a, monkeypatch):
    from apps.visits.services import generation

    CadreFactory.create_batch(3, unit=district_a, birth_date=date(1946, 11, 30))
    original = generation.GENERATORS["routine"]

    def killed(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setitem(generation.GENERATORS, "routine", killed)
    with pytest.raises(SystemExit):
        visits_generate(on=date(2026, 11, 24))
    partial = Visit.objects.count()
    monkeypatch.setitem(generation.GENERATORS, "routine", original)
    assert visits_generate(on=date(2026, 11, 24)) == 3  # only the monthly calls were missing
    assert Visit.objects.count() == partial + 3
    assert visits_generate(on=date(2026, 11, 24)) == 0


def test_a_reminder_for_a_visit_done_meanwhile_is_closed_not_emailed(district_a, staff_a, settings):
    from django.core import mail

    from apps.notifications.delivery import reminders_deliver

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    staff_a.email = "a@example.org"
    staff_a.save()
    visit = VisitFactory(cadre__unit=district_a, assignee=staff_a, status="overdue")
    visits_remind(on=date(2026, 11, 24))
    Visit.objects.filter(pk=visit.pk).update(status="done", done_on=date(2026, 11, 23))
    reminders_deliver()
    assert mail.outbox == []
    assert Reminder.objects.get().closed_at is not None


def test_a_death_closes_the_reminders_of_the_cancelled_visits(district_a, staff_a):
    visit = VisitFactory(cadre__unit=district_a, assignee=staff_a, status="overdue")
    visits_remind(on=date(2026, 11, 24))
    from apps.cadres.models import Cadre

    Cadre.objects.filter(pk=visit.cadre_id).update(
        status="deceased", deceased_on=date(2026, 11, 24)
    )
    visits_generate(on=date(2026, 11, 25))
    assert Reminder.objects.get(key=f"visit_overdue:{visit.pk}").closed_at is not None


def test_visits_generated_before_the_unit_had_staff_are_assigned_later(only_rule, district_a):
    from tests.factories import UserFactory

    only_rule("routine-call")
    CadreFactory(unit=district_a)
    visits_generate(on=date(2026, 11, 3))
    assert Visit.objects.get().assignee is None
    staff = UserFactory(unit=district_a, role="district_staff")
    visits_generate(on=date(2026, 11, 4))
    assert Visit.objects.get().assignee == staff


def test_a_rule_that_does_not_remind_sends_no_overdue_reminders_either(district_a, staff_a):
    rule = VisitRule.objects.get(code="routine-call")  # remind_assignee off: 全员 monthly calls
    VisitFactory(cadre__unit=district_a, assignee=staff_a, rule=rule, status="overdue")
    assert visits_remind(on=date(2026, 12, 1)) == 0


def test_beat_runs_the_registered_job_with_an_iso_date_and_the_same_service(district_a):
    """Beat runs the jobs registry (apps.core.tasks.run_job), not a per-app task wrapper."""
    from apps.core import tasks

    # A fixed birth date: the factory's sequence (moved on by earlier tests) could otherwise
    # land on a round birthday inside the window and add a second visit.
    CadreFactory(unit=district_a, birth_date=date(1950, 6, 15))
    assert tasks.run_job.apply(args=["visits_generate", "2026-11-03"]).get() == 1
    assert tasks.run_job.apply(args=["visits_generate", "2026-11-03"]).get() == 0
    assert Visit.objects.get().occasion_key == "routine:routine-call:2026-11"
