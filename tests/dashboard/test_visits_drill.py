from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CadreFactory
from tests.visits.factories import VisitFactory

pytestmark = pytest.mark.django_db


def test_the_overdue_figure_equals_the_drill_down_list(client, leader_a, scene_a, scene_b):
    client.force_login(leader_a)
    data = client.get(reverse("dashboard:index")).context["data"]
    kpi = next(k for s in data["sections"] for k in s["kpis"] if k["label"] == "逾期未访")
    response = client.get(kpi["url"])
    assert response.context["page_obj"].paginator.count == kpi["value"] == 1


def test_the_drill_down_lists_only_the_months_visits_of_the_users_scope(
    client, leader_a, district_a, district_b
):
    today = timezone.localdate()
    mine = VisitFactory(cadre=CadreFactory(unit=district_a), due_date=today.replace(day=1))
    VisitFactory(cadre=CadreFactory(unit=district_b), due_date=today.replace(day=1))
    VisitFactory(cadre=CadreFactory(unit=district_a), due_date=date(today.year - 1, 1, 1))
    client.force_login(leader_a)
    response = client.get(reverse("dashboard:visits"), {"month": f"{today:%Y-%m}"})
    assert [v.pk for v in response.context["page_obj"]] == [mine.pk]


def test_leadership_get_no_link_to_the_staff_visit_page(client, leader_a, district_a):
    today = timezone.localdate()
    visit = VisitFactory(cadre=CadreFactory(unit=district_a), due_date=today)
    client.force_login(leader_a)
    content = client.get(reverse("dashboard:visits")).content.decode()
    assert reverse("visits:visit_detail", args=[visit.pk]) not in content
    assert reverse("dashboard:cadre_card", args=[visit.cadre_id]) in content


def test_a_bad_month_falls_back_to_this_month(client, leader_a):
    client.force_login(leader_a)
    response = client.get(reverse("dashboard:visits"), {"month": "soon"})
    assert response.context["month"] == timezone.localdate().replace(day=1)


def test_the_drill_down_runs_a_bounded_number_of_queries(
    client, staff_a, district_a, django_assert_max_num_queries
):
    today = timezone.localdate()
    for _ in range(30):
        VisitFactory(cadre=CadreFactory(unit=district_a), due_date=today)
    client.force_login(staff_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("dashboard:visits"))
    assert response.context["page_obj"].paginator.count == 30
