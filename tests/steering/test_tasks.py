"""Task lists: issue, report with evidence, review with history, reminders and 督办."""

import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from apps.notifications.models import Reminder
from apps.steering import services
from apps.steering.models import Evidence, TaskAssignment, TaskEvent, TaskList

from .factories import AssignmentFactory, TaskItemFactory, TaskListFactory

pytestmark = pytest.mark.django_db


def _png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


PNG = _png_bytes()


def png(name="会议照片.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def assignment(city, district_a):
    item = TaskItemFactory(task_list=TaskListFactory(unit=city), weight=Decimal("10"))
    return AssignmentFactory(item=item, unit=district_a)


def report(client, assignment, **data):
    payload = {"progress": "已召开专题会议并形成纪要", "self_score": "9", **data}
    return client.post(reverse("steering:assignment_report", args=[assignment.pk]), payload)


def test_issuing_a_list_creates_one_task_per_owner_unit_once(city, district_a, district_b, staff_a):
    task_list = TaskListFactory(unit=city, status=TaskList.Status.DRAFT, issued_on=None)
    first = TaskItemFactory(task_list=task_list)
    first.owner_units.set([district_a, district_b])
    second = TaskItemFactory(task_list=task_list)
    second.owner_units.set([district_a])
    on = date(2026, 1, 5)
    assert services.task_list_issue(task_list=task_list, by=None, on=on) == 3
    assert services.task_list_issue(task_list=task_list, by=None, on=on) == 0
    task_list.refresh_from_db()
    assert task_list.status == TaskList.Status.ISSUED and task_list.issued_on == on
    assert TaskAssignment.objects.filter(item__task_list=task_list).count() == 3


def test_issuing_a_list_without_owner_units_is_refused(city):
    task_list = TaskListFactory(unit=city, status=TaskList.Status.DRAFT)
    TaskItemFactory(task_list=task_list)
    with pytest.raises(services.ValidationError):
        services.task_list_issue(task_list=task_list, by=None, on=date(2026, 1, 5))


def test_the_owner_unit_reports_progress_with_evidence(client, staff_a, assignment):
    client.force_login(staff_a)
    response = report(client, assignment, uploads=[png(), png("第二张.png")])
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == TaskAssignment.Status.SUBMITTED
    assert assignment.self_score == Decimal("9.00")
    event = assignment.events.get()
    assert event.kind == TaskEvent.Kind.REPORT and event.by == staff_a
    assert sorted(f.name for f in event.files.all()) == ["会议照片.png", "第二张.png"]
    evidence = event.files.first()
    served = client.get(reverse("steering:evidence", args=[evidence.pk]))
    assert served.status_code == 200 and served["X-Content-Type-Options"] == "nosniff"


def test_another_district_gets_404_for_the_task_and_its_evidence(
    client, staff_a, staff_b, assignment
):
    client.force_login(staff_a)
    report(client, assignment, uploads=[png()])
    evidence = Evidence.objects.get()
    client.force_login(staff_b)
    assert (
        client.get(reverse("steering:assignment_detail", args=[assignment.pk])).status_code == 404
    )
    assert client.get(reverse("steering:evidence", args=[evidence.pk])).status_code == 404
    assert report(client, assignment).status_code == 404
    assert assignment.events.count() == 1


def test_only_the_owner_units_staff_may_report(client, bureau_staff, leader_a, assignment):
    for user in (bureau_staff, leader_a):
        client.force_login(user)
        assert report(client, assignment).status_code == 403
    assert not assignment.events.exists()


def test_a_self_score_above_the_items_weight_is_refused_and_the_file_kept(
    client, staff_a, assignment
):
    client.force_login(staff_a)
    response = report(client, assignment, self_score="12", uploads=[png()])
    assert response.status_code == 400
    assert "不能超过本项分值 10.00 分" in response.content.decode()
    assert not TaskEvent.objects.exists() and not Evidence.objects.exists()
    kept = response.context["report_form"].pending_items
    assert [k.name for k in kept] == ["会议照片.png"]
    # The next post brings the kept file back without choosing it again.
    response = report(client, assignment, self_score="8", pending_uploads=[kept[0].token])
    assert response.status_code == 302
    assert [f.name for f in Evidence.objects.all()] == ["会议照片.png"]


def test_a_web_page_as_evidence_is_refused_with_nothing_saved(client, staff_a, assignment):
    client.force_login(staff_a)
    page = SimpleUploadedFile("证明.pdf", b"<html><script>alert(1)</script></html>")
    response = report(client, assignment, uploads=[page])
    assert response.status_code == 400
    assert "不能上传" in response.content.decode()
    assert not TaskEvent.objects.exists()
    assignment.refresh_from_db()
    assert assignment.status == TaskAssignment.Status.OPEN


def test_an_empty_progress_text_is_refused(client, staff_a, assignment):
    client.force_login(staff_a)
    response = report(client, assignment, progress="  ")
    assert response.status_code == 400
    assert not TaskEvent.objects.exists()


def review(client, assignment, **data):
    return client.post(reverse("steering:assignment_review", args=[assignment.pk]), data)


def test_the_city_bureau_returns_then_accepts_with_a_deduction_and_the_history_stays(
    client, staff_a, bureau_staff, assignment
):
    client.force_login(staff_a)
    report(client, assignment)
    client.force_login(bureau_staff)
    assert review(client, assignment, decision="return").status_code == 400  # reason required
    assert review(client, assignment, decision="return", reason="缺少会议纪要").status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == TaskAssignment.Status.RETURNED
    client.force_login(staff_a)
    report(client, assignment, self_score="10", progress="已补充会议纪要")
    client.force_login(bureau_staff)
    refused = review(client, assignment, decision="accept", deduction="2")
    assert refused.status_code == 400 and "扣分时请写明理由" in refused.content.decode()
    ok = review(client, assignment, decision="accept", deduction="2", reason="超期一周完成")
    assert ok.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == TaskAssignment.Status.ACCEPTED
    assert assignment.score == Decimal("8.00") and assignment.reviewed_by == bureau_staff
    kinds = list(assignment.events.values_list("kind", "text"))
    assert kinds == [
        ("report", "已召开专题会议并形成纪要"),
        ("return", "缺少会议纪要"),
        ("report", "已补充会议纪要"),
        ("accept", "超期一周完成"),
    ]
    page = client.get(reverse("steering:assignment_detail", args=[assignment.pk])).content.decode()
    assert "缺少会议纪要" in page and "超期一周完成" in page


def test_a_district_may_not_review_and_leadership_only_reads(client, staff_a, leader_a, assignment):
    client.force_login(staff_a)
    report(client, assignment)
    assert review(client, assignment, decision="accept").status_code == 403
    client.force_login(leader_a)
    assert review(client, assignment, decision="accept").status_code == 403
    page = client.get(reverse("steering:assignment_detail", args=[assignment.pk]))
    assert page.status_code == 200 and not page.context["can_review"]
    assignment.refresh_from_db()
    assert assignment.status == TaskAssignment.Status.SUBMITTED


def test_an_accepted_task_cannot_be_reported_again(client, staff_a, bureau_staff, assignment):
    client.force_login(staff_a)
    report(client, assignment)
    services.assignment_accept(assignment=assignment, by=bureau_staff)
    response = report(client, assignment)
    assert response.status_code == 400 and "已审核通过" in response.content.decode()
    assert assignment.events.count() == 2


def test_overdue_tasks_remind_the_unit_once_a_day_and_escalate_to_its_leadership(
    settings, staff_a, leader_a, assignment
):
    settings.STEERING_ESCALATE_DAYS = 7
    deadline = assignment.item.deadline
    early = deadline + timedelta(days=3)
    assert services.tasks_remind_overdue(on=early) == 1  # the unit's staff only
    assert services.tasks_remind_overdue(on=early) == 0  # a re-run the same day adds nothing
    assert Reminder.objects.get().recipient == staff_a
    late = deadline + timedelta(days=8)
    assert services.tasks_remind_overdue(on=late) == 2  # staff again, and 督办 to leadership
    escalated = Reminder.objects.get(kind=services.KIND_ESCALATED)
    assert escalated.recipient == leader_a and escalated.subject.startswith("【督办】")
    assert services.tasks_remind_overdue(on=late) == 0


def test_a_reported_task_is_no_longer_reminded(staff_a, assignment):
    later = assignment.item.deadline + timedelta(days=1)
    services.assignment_report(assignment=assignment, by=staff_a, progress="已完成", self_score=5)
    assert services.tasks_remind_overdue(on=later) == 0


def test_the_job_runs_from_the_registry(staff_a, assignment):
    from apps.core.jobs import run_job

    on = assignment.item.deadline + timedelta(days=1)
    assert run_job("steering_tasks_overdue", on=on) == 1
    assert run_job("steering_tasks_overdue", on=on) == 0


def test_the_list_filters_by_status_and_unit_within_scope(
    client, city, district_a, district_b, staff_a, bureau_staff
):
    item = TaskItemFactory(task_list=TaskListFactory(unit=city))
    mine = AssignmentFactory(item=item, unit=district_a)
    AssignmentFactory(item=item, unit=district_b)
    client.force_login(staff_a)
    response = client.get(reverse("steering:assignment_list"), {"year": 2026, "status": "overdue"})
    assert [a.pk for a in response.context["page_obj"]] == [mine.pk]
    client.force_login(bureau_staff)
    response = client.get(reverse("steering:assignment_list"), {"year": 2026})
    assert response.context["page_obj"].paginator.count == 2
    bad = client.get(reverse("steering:assignment_list"), {"year": "abc", "unit": "x"})
    assert bad.status_code == 200


def test_the_list_queries_do_not_grow_with_rows(
    client, city, district_a, staff_a, django_assert_max_num_queries
):
    task_list = TaskListFactory(unit=city)
    for _ in range(25):
        AssignmentFactory(item=TaskItemFactory(task_list=task_list), unit=district_a)
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("steering:assignment_list"), {"year": 2026})
    assert response.context["page_obj"].paginator.count == 25


def test_the_filtered_list_exports_to_excel(client, city, district_a, district_b, bureau_staff):
    item = TaskItemFactory(task_list=TaskListFactory(unit=city), title="=HYPERLINK(1)")
    AssignmentFactory(item=item, unit=district_a)
    AssignmentFactory(item=item, unit=district_b, status=TaskAssignment.Status.ACCEPTED)
    client.force_login(bureau_staff)
    page = client.get(reverse("steering:assignment_list"), {"year": 2026, "status": "overdue"})
    assert "format=xlsx" in page.content.decode()
    response = client.get(
        reverse("steering:assignment_list"), {"year": 2026, "status": "overdue", "format": "xlsx"}
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:4] == ("任务清单", "序号", "任务", "责任单位")
    assert [(r[2], r[3], r[10]) for r in rows[1:]] == [("'=HYPERLINK(1)", "东城区", "是")]


def test_history_without_a_recorded_person_still_renders(client, staff_a, assignment):
    services.assignment_report(
        assignment=assignment, by=None, progress="导入的历史进展", self_score=3
    )
    client.force_login(staff_a)
    page = client.get(reverse("steering:assignment_detail", args=[assignment.pk]))
    assert page.status_code == 200 and "导入的历史进展" in page.content.decode()


def test_the_city_bureau_issues_a_list_from_the_admin(client, city, district_a, bureau_staff):
    task_list = TaskListFactory(unit=city, status=TaskList.Status.DRAFT, issued_on=None)
    TaskItemFactory(task_list=task_list).owner_units.set([district_a])
    client.force_login(bureau_staff)
    response = client.post(
        reverse("admin:steering_tasklist_changelist"),
        {"action": "issue", "_selected_action": [task_list.pk]},
    )
    assert response.status_code == 302
    task_list.refresh_from_db()
    assert task_list.status == TaskList.Status.ISSUED
    assert TaskAssignment.objects.get().unit == district_a


def test_reporting_closes_the_open_overdue_reminder(staff_a, assignment):
    on = assignment.item.deadline + timedelta(days=1)
    services.tasks_remind_overdue(on=on)
    reminder = Reminder.objects.get()
    assert reminder.closed_at is None
    services.assignment_report(assignment=assignment, by=staff_a, progress="已完成", self_score=5)
    reminder.refresh_from_db()
    assert reminder.closed_at is not None
