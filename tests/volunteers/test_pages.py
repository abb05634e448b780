from decimal import Decimal

import pytest
from django.urls import reverse

from .factories import ActivityFactory, ProjectFactory, RecordFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_district(district_a, team_a):
    team, members = team_a
    for i in range(12):
        activity = ActivityFactory(team=team, title=f"活动{i}")
        for member in members:
            RecordFactory(activity=activity, volunteer=member, hours=Decimal("1"))
    for _ in range(8):
        TeamFactory(unit=district_a)
    for _ in range(5):
        ProjectFactory(unit=district_a).teams.add(team)
    return team


@pytest.mark.parametrize(
    ("name", "rows"),
    [("team_list", 9), ("activity_list", 12), ("volunteer_list", 3), ("project_list", 5)],
)
def test_list_pages_keep_a_bounded_number_of_queries(
    client, staff_a, busy_district, django_assert_max_num_queries, name, rows
):
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"volunteers:{name}"))
    assert response.context["page_obj"].paginator.count == rows


def test_home_page_keeps_a_bounded_number_of_queries(
    client, team_leader, busy_district, django_assert_max_num_queries
):
    client.force_login(team_leader)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("volunteers:home"))
    assert response.context["pending"] == {"records": 36, "activities": 12}


def test_activity_list_of_a_team_leader_shows_only_their_teams_activities(
    client, team_leader, busy_district, team_b
):
    ActivityFactory(team=team_b[0])
    client.force_login(team_leader)
    response = client.get(reverse("volunteers:activity_list"))
    assert response.context["page_obj"].paginator.count == 12


def test_pending_filter_lists_only_activities_with_pending_hours(
    client, team_leader, busy_district
):
    from apps.volunteers.models import ServiceRecord

    ServiceRecord.objects.exclude(activity__title="活动0").update(status="confirmed")
    one = ServiceRecord.objects.filter(activity__title="活动0").order_by("pk")[:1]
    ServiceRecord.objects.filter(pk__in=one).update(status="confirmed")
    client.force_login(team_leader)
    response = client.get(reverse("volunteers:activity_list"), {"pending": "1"})
    rows = [(a.title, a.people, a.pending) for a in response.context["page_obj"]]
    assert rows == [("活动0", 3, 2)]


def test_project_page_lists_milestones(client, staff_a, district_a):
    project = ProjectFactory(unit=district_a)
    project.milestones.create(title="签约", due_on="2026-03-01")
    client.force_login(staff_a)
    response = client.get(reverse("volunteers:project_detail", args=[project.pk]))
    assert [m.title for m in response.context["milestones"]] == ["签约"]


def test_other_districts_project_is_404(client, staff_b, district_a):
    project = ProjectFactory(unit=district_a)
    client.force_login(staff_b)
    assert client.get(reverse("volunteers:project_detail", args=[project.pk])).status_code == 404


def test_volunteer_page_masks_the_phone_for_a_team_leader(client, team_leader, team_a):
    volunteer = team_a[1][0]
    client.force_login(team_leader)
    response = client.get(reverse("volunteers:volunteer_detail", args=[volunteer.pk]))
    assert volunteer.cadre.phone not in response.content.decode()
    assert "*" in response.context["phone"]
