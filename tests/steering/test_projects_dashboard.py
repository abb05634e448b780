"""办实事/重点课题 milestones, and the dashboard's steering figures = their drill pages' rows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.onboarding.models import Checklist
from apps.steering.models import TaskAssignment
from tests.factories import CadreFactory
from tests.onboarding.factories import checklist_for

from .factories import (
    AssignmentFactory,
    EntryFactory,
    MilestoneFactory,
    ProjectFactory,
    RoundFactory,
    RubricFactory,
    TaskItemFactory,
    TaskListFactory,
)

pytestmark = pytest.mark.django_db


def test_the_owner_unit_confirms_a_milestone_with_its_date(client, district_a, staff_a, staff_b):
    milestone = MilestoneFactory(project=ProjectFactory(unit=district_a, budget=Decimal("1234.5")))
    url = reverse("steering:milestone_done", args=[milestone.pk])
    client.force_login(staff_b)
    assert client.post(url, {"done_on": "2026-11-01"}).status_code == 404
    client.force_login(staff_a)
    page = client.get(reverse("steering:project_detail", args=[milestone.project_id]))
    assert "¥1,234.50" in page.content.decode()
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert client.post(url, {"done_on": future}).status_code == 400
    assert client.post(url, {"done_on": "2026-11-01"}).status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on.isoformat() == "2026-11-01" and milestone.done_by == staff_a


def test_the_city_bureau_reads_but_does_not_confirm_a_districts_milestone(
    client, district_a, bureau_staff
):
    milestone = MilestoneFactory(project=ProjectFactory(unit=district_a))
    client.force_login(bureau_staff)
    url = reverse("steering:milestone_done", args=[milestone.pk])
    assert client.post(url, {"done_on": "2026-11-01"}).status_code == 403


def _figures(client, user):
    client.force_login(user)
    data = client.get(reverse("dashboard:index"), {"year": 2026}).context["data"]
    return next(s for s in data["sections"] if s["key"] == "steering")


def _rows(client, url):
    response = client.get(url)
    if "page_obj" in response.context:
        return response.context["page_obj"].paginator.count
    return len(response.context["entries"])


@pytest.mark.parametrize("who", ["bureau_staff", "leader"])
def test_every_steering_figure_equals_the_rows_of_the_page_it_drills_to(
    client, request, city, district_a, district_b, who
):
    task_list = TaskListFactory(unit=city)
    overdue = TaskItemFactory(task_list=task_list, deadline=timezone.localdate() - timedelta(1))
    later = TaskItemFactory(task_list=task_list, deadline=timezone.localdate() + timedelta(30))
    for unit in (district_a, district_b):
        AssignmentFactory(item=overdue, unit=unit)
        AssignmentFactory(
            item=later, unit=unit, status=TaskAssignment.Status.ACCEPTED, score=Decimal("9")
        )
    AssignmentFactory(
        item=TaskItemFactory(task_list=task_list), unit=district_a, status="submitted"
    )
    rnd = RoundFactory(rubric=RubricFactory(unit=city), year=2026)
    EntryFactory(round=rnd, unit=district_a, total=Decimal("80"))
    EntryFactory(round=rnd, unit=district_b, total=Decimal("70"))
    started = checklist_for(CadreFactory(unit=district_a), started_on=timezone.localdate())
    Checklist.objects.filter(pk=started.pk).update(completed_on=timezone.localdate())
    checklist_for(CadreFactory(unit=district_b), started_on=timezone.localdate())
    section = _figures(client, request.getfixturevalue(who))
    values = {k["label"]: k["value"] for k in section["kpis"]}
    assert values["本年单位任务"] == 5 and values["逾期未报"] == 2 and values["已审核通过"] == 2
    assert values["荣誉退休启动"] == 2 and values["荣誉退休完成"] == 1
    checked = 0
    for figure in section["kpis"]:
        assert _rows(client, figure["url"]) == figure["value"], figure["label"]
        checked += 1
    for table in section["tables"]:
        for row in table["rows"]:
            for cell in row[1:]:
                if cell["url"] and isinstance(cell["v"], int) and "entries" not in cell["url"]:
                    assert _rows(client, cell["url"]) == cell["v"], (table["title"], row)
                    checked += 1
    assert checked >= 15


def test_a_district_leader_sees_only_the_districts_figures(
    client, city, district_a, district_b, leader_a
):
    item = TaskItemFactory(task_list=TaskListFactory(unit=city))
    AssignmentFactory(item=item, unit=district_a)
    AssignmentFactory(item=item, unit=district_b)
    section = _figures(client, leader_a)
    assert {k["label"]: k["value"] for k in section["kpis"]}["本年单位任务"] == 1
    assert [r[0]["v"] for r in section["tables"][0]["rows"]] == ["东城区"]
