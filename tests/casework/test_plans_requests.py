"""Service plans (一人一策/一类一策) and service requests (急难愁盼): scope, rules, reminders."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.casework.models import RequestUrgency, ServiceNeed, ServicePlan, ServiceRequest
from apps.casework.selectors import request_response_report
from apps.casework.services import (
    plan_save,
    plans_remind,
    request_close,
    request_create,
    requests_remind,
)
from apps.notifications.models import Reminder
from tests.factories import CadreFactory
from tests.subsidies.factories import seed_subsidy_data

from .factories import ServicePlanFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data(db):
    seed_subsidy_data()


def test_staff_get_404_for_another_districts_plan(client, staff_a, district_b):
    plan = ServicePlanFactory(cadre__unit=district_b)
    client.force_login(staff_a)
    assert client.get(reverse("casework:plan_detail", args=[plan.pk])).status_code == 404
    assert client.get(reverse("casework:plan_edit", args=[plan.pk])).status_code == 404


def test_staff_get_404_for_another_districts_request(client, staff_a, district_b):
    item = ServiceRequestFactory(cadre__unit=district_b)
    client.force_login(staff_a)
    assert client.get(reverse("casework:request_detail", args=[item.pk])).status_code == 404
    response = client.post(reverse("casework:request_close", args=[item.pk]), {"outcome": "x"})
    assert response.status_code == 404
    assert ServiceRequest.objects.get(pk=item.pk).status == "open"


def test_plan_list_shows_only_the_district_and_bounded_queries(
    client, staff_a, district_a, district_b, django_assert_max_num_queries
):
    ServicePlanFactory.create_batch(20, cadre__unit=district_a)
    ServicePlanFactory(cadre__unit=district_b)
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("casework:plan_list"))
    assert response.context["page_obj"].paginator.count == 20


def test_request_list_shows_only_the_district_and_bounded_queries(
    client, staff_a, district_a, district_b, django_assert_max_num_queries
):
    ServiceRequestFactory.create_batch(20, cadre__unit=district_a)
    ServiceRequestFactory(cadre__unit=district_b)
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("casework:request_list"))
    assert response.context["page_obj"].paginator.count == 20


def test_an_individual_plan_takes_its_cadres_unit(district_a, staff_a):
    cadre = CadreFactory(unit=district_a, retirement_kind="lixiu")
    plan = ServicePlan(
        kind="individual",
        title="一人一策",
        cadre=cadre,
        measures="每周电话",
        responsible=staff_a,
        review_on=date(2027, 1, 1),
    )
    plan = plan_save(plan=plan, needs=ServiceNeed.objects.filter(name="心理疏导"), by=staff_a)
    assert plan.unit == district_a
    assert [n.name for n in plan.needs.all()] == ["心理疏导"]


def test_a_second_active_individual_plan_for_one_cadre_is_refused(district_a, staff_a):
    first = ServicePlanFactory(cadre__unit=district_a)
    second = ServicePlan(
        kind="individual",
        title="重复",
        cadre=first.cadre,
        measures="-",
        responsible=staff_a,
        review_on=date(2027, 1, 1),
    )
    with pytest.raises(ValidationError, match="已有执行中"):
        plan_save(plan=second, needs=[], by=staff_a)
    assert ServicePlan.objects.count() == 1


def test_a_group_plan_needs_a_group_description(district_a, staff_a):
    plan = ServicePlan(
        kind="group",
        title="独居",
        unit=district_a,
        measures="-",
        responsible=staff_a,
        review_on=date(2027, 1, 1),
    )
    with pytest.raises(ValidationError):
        plan_save(plan=plan, needs=[], by=staff_a)
    assert not ServicePlan.objects.exists()


def test_a_plan_review_due_within_a_week_reminds_the_responsible_once(district_a, staff_a):
    ServicePlanFactory(cadre__unit=district_a, responsible=staff_a, review_on=date(2026, 11, 15))
    ServicePlanFactory(cadre__unit=district_a, responsible=staff_a, review_on=date(2027, 1, 15))
    assert plans_remind(on=date(2026, 11, 10)) == 1
    assert plans_remind(on=date(2026, 11, 11)) == 0
    assert Reminder.objects.get(kind="plan_review").recipient == staff_a


def test_the_deadline_follows_the_urgency(district_a, staff_a):
    received = timezone.now() - timedelta(hours=1)
    item = request_create(
        cadre=CadreFactory(unit=district_a),
        received_via="phone",
        received_at=received,
        content="求助",
        urgency=RequestUrgency.objects.get(name="特急"),
        by=staff_a,
        assignee=staff_a,
    )
    assert item.deadline == received + timedelta(hours=24)
    assert Reminder.objects.filter(kind="request_assigned", recipient=staff_a).count() == 1


def test_a_request_for_a_deceased_cadre_is_refused(district_a, staff_a):
    cadre = CadreFactory(unit=district_a, status="deceased", deceased_on=date(2026, 1, 1))
    with pytest.raises(ValidationError, match="已故"):
        request_create(
            cadre=cadre,
            received_via="phone",
            received_at=timezone.now(),
            content="求助",
            urgency=RequestUrgency.objects.first(),
            by=staff_a,
        )
    assert not ServiceRequest.objects.exists()


def test_an_overdue_request_reminds_its_assignee_once_and_closing_ends_it(district_a, staff_a):
    item = ServiceRequestFactory(
        cadre__unit=district_a,
        assignee=staff_a,
        received_at=timezone.now() - timedelta(days=5),
    )
    today = timezone.localdate()
    assert requests_remind(on=today) == 1
    assert requests_remind(on=today) == 0
    request_close(request=item, outcome="已联系物业维修。", by=staff_a)
    assert Reminder.objects.get(kind="request_overdue").closed_at is not None


def test_closing_without_an_outcome_is_refused(district_a, staff_a):
    item = ServiceRequestFactory(cadre__unit=district_a)
    with pytest.raises(ValidationError):
        request_close(request=item, outcome="  ", by=staff_a)
    assert ServiceRequest.objects.get(pk=item.pk).status == "open"


def test_response_report_counts_per_unit_within_scope(district_a, district_b, staff_a):
    late = ServiceRequestFactory(
        cadre__unit=district_a, received_at=timezone.now() - timedelta(days=10)
    )
    ServiceRequestFactory(cadre__unit=district_a)
    ServiceRequestFactory(cadre__unit=district_b)
    request_close(request=late, outcome="办结", by=staff_a)
    rows = request_response_report(user=staff_a)
    assert len(rows) == 1
    row = rows[0]
    assert (row["unit"], row["received"], row["closed"], row["on_time"]) == ("东城区", 2, 1, 0)
    assert row["avg_hours"] >= 240


def test_the_response_report_exports_the_page_figures_for_leadership(client, leader_a, district_a):
    from io import BytesIO

    from openpyxl import load_workbook

    ServiceRequestFactory(cadre__unit=district_a)
    client.force_login(leader_a)
    response = client.get(reverse("casework:request_report_export"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][:3] == ("单位", "受理", "办结")
    assert rows[1][:3] == (district_a.name, 1, 0)


def test_secretaries_may_not_export_the_response_report(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("casework:request_report_export")).status_code == 403
