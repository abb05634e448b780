"""荣誉退休: checklists start for newly retired cadres (idempotent job), each step keeps its date
and who did it, completion per unit; scope and roles as everywhere."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from apps.core.jobs import run_job
from apps.notifications.models import Reminder
from apps.onboarding import selectors, services
from apps.onboarding.models import Checklist, ChecklistStep, Step
from tests.factories import CadreFactory

from .factories import checklist_for

pytestmark = pytest.mark.django_db
ON = date(2026, 11, 20)


def test_the_daily_job_starts_one_checklist_per_newly_retired_cadre(settings, district_a, staff_a):
    settings.ONBOARDING_LOOKBACK_DAYS = 180
    retired = CadreFactory(unit=district_a, retirement_date=ON - timedelta(days=3))
    CadreFactory(unit=district_a, retirement_date=ON - timedelta(days=400))  # long retired
    CadreFactory(unit=district_a, retirement_date=ON + timedelta(days=10))  # not yet
    CadreFactory(
        unit=district_a, retirement_date=ON - timedelta(days=1), status="deceased", deceased_on=ON
    )
    assert run_job("onboarding_checklists_start", on=ON) == 1
    assert run_job("onboarding_checklists_start", on=ON) == 0
    assert run_job("onboarding_checklists_start", on=ON + timedelta(days=1)) == 0
    checklist = Checklist.objects.get()
    assert checklist.cadre == retired and checklist.started_on == ON
    assert sorted(checklist.steps.values_list("step", flat=True)) == sorted(Step.values)
    reminder = Reminder.objects.get(kind=services.KIND_STARTED)
    assert reminder.recipient == staff_a and retired.name in reminder.subject


def test_a_cadre_registered_after_retiring_is_started_as_registered(district_a):
    cadre = CadreFactory(unit=district_a, retirement_date=ON - timedelta(days=30))
    services.checklists_start(on=ON)
    assert Checklist.objects.get(cadre=cadre).trigger == Checklist.Trigger.REGISTERED


def done(client, step, **data):
    return client.post(reverse("onboarding:step_done", args=[step.pk]), data)


def test_each_step_keeps_its_date_and_who_and_the_last_completes_the_checklist(
    client, district_a, staff_a
):
    checklist = checklist_for(CadreFactory(unit=district_a), started_on=ON)
    client.force_login(staff_a)
    steps = list(checklist.steps.order_by("pk"))
    for i, step in enumerate(steps):
        assert done(client, step, done_on=f"2026-11-{21 + i}", note="已完成").status_code == 302
        checklist.refresh_from_db()
        assert (checklist.completed_on is None) == (i < len(steps) - 1)
    first = ChecklistStep.objects.get(pk=steps[0].pk)
    assert first.done_on == date(2026, 11, 21) and first.done_by == staff_a
    assert checklist.completed_on == date(2026, 11, 28)
    again = done(client, steps[0], done_on="2026-11-29")
    assert again.status_code == 400 and "已登记完成" in again.content.decode()
    first.refresh_from_db()
    assert first.done_on == date(2026, 11, 21)  # a record of work done stays as recorded


def test_a_future_date_is_refused_with_nothing_saved(client, district_a, staff_a):
    checklist = checklist_for(CadreFactory(unit=district_a), started_on=ON)
    step = checklist.steps.first()
    client.force_login(staff_a)
    response = done(client, step, done_on="2099-01-01")
    assert response.status_code == 400 and "不能晚于今天" in response.content.decode()
    assert done(client, step, done_on="not-a-date").status_code == 400
    step.refresh_from_db()
    assert step.done_on is None


def test_leadership_reads_and_another_district_gets_404(
    client, district_a, leader_a, staff_b, secretary
):
    checklist = checklist_for(CadreFactory(unit=district_a), started_on=ON)
    step = checklist.steps.first()
    client.force_login(leader_a)
    assert client.get(reverse("onboarding:detail", args=[checklist.pk])).status_code == 200
    assert done(client, step, done_on="2026-11-21").status_code == 403
    client.force_login(staff_b)
    assert client.get(reverse("onboarding:detail", args=[checklist.pk])).status_code == 404
    assert done(client, step, done_on="2026-11-21").status_code == 404
    client.force_login(secretary)
    assert client.get(reverse("onboarding:list")).status_code == 403
    step.refresh_from_db()
    assert step.done_on is None


def test_completion_per_unit_counts_started_and_completed(district_a, district_b, bureau_staff):
    done_one = checklist_for(CadreFactory(unit=district_a), started_on=ON)
    ChecklistStep.objects.filter(checklist=done_one).update(done_on=ON)
    Checklist.objects.filter(pk=done_one.pk).update(completed_on=ON)
    checklist_for(CadreFactory(unit=district_a), started_on=ON)
    checklist_for(CadreFactory(unit=district_b), started_on=ON)
    rows = selectors.completion_by_unit(bureau_staff, year=2026)
    assert sorted((r["cadre__unit__name"], r["started"], r["completed"]) for r in rows) == [
        ("东城区", 2, 1),
        ("西城区", 1, 0),
    ]


def test_the_cadre_page_shows_the_checklist_to_staff_only(client, district_a, staff_a, secretary):
    cadre = CadreFactory(unit=district_a)
    checklist = checklist_for(cadre, started_on=ON)
    ChecklistStep.objects.filter(checklist=checklist, step=Step.TALK).update(done_on=ON)
    client.force_login(staff_a)
    page = client.get(reverse("cadres:detail", args=[cadre.pk])).content.decode()
    assert "荣誉退休" in page and "已完成 1/8" in page
    assert reverse("onboarding:detail", args=[checklist.pk]) in page
    client.force_login(secretary)
    response = client.get(reverse("cadres:detail", args=[cadre.pk]))
    assert reverse("onboarding:detail", args=[checklist.pk]) not in response.content.decode()
