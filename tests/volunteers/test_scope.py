import pytest
from django.urls import reverse

from apps.branches.models import Membership, PartyBranch
from apps.volunteers.models import ServiceRecord, Volunteer, VolunteerActivity, VolunteerTeam

from .factories import ActivityFactory, RecordFactory, team_with_members

pytestmark = pytest.mark.django_db


def test_team_leader_sees_only_the_team_they_lead(team_leader, team_a, team_b):
    assert list(VolunteerTeam.objects.visible_to(team_leader)) == [team_a[0]]


def test_district_staff_see_teams_of_their_unit_subtree_only(staff_a, team_a, team_b):
    assert list(VolunteerTeam.objects.visible_to(staff_a)) == [team_a[0]]


def test_bureau_staff_see_every_district_team(bureau_staff, team_a, team_b):
    assert VolunteerTeam.objects.visible_to(bureau_staff).count() == 2


def test_team_leader_sees_each_member_once_even_in_two_of_their_teams(
    district_a, team_leader, team_a
):
    team, members = team_a
    second, _ = team_with_members(district_a, leader=team_leader, n=0)
    members[0].teams.add(second)
    assert Volunteer.objects.visible_to(team_leader).count() == 3


def test_team_leader_gets_404_for_another_teams_page(client, team_leader, team_a, team_b):
    client.force_login(team_leader)
    response = client.get(reverse("volunteers:team_detail", args=[team_b[0].pk]))
    assert response.status_code == 404


def test_team_leader_gets_404_for_another_teams_activity(client, team_leader, team_a, team_b):
    activity = ActivityFactory(team=team_b[0])
    client.force_login(team_leader)
    response = client.get(reverse("volunteers:activity_detail", args=[activity.pk]))
    assert response.status_code == 404


def test_team_leader_gets_404_for_a_volunteer_outside_their_team(
    client, team_leader, team_a, team_b
):
    client.force_login(team_leader)
    response = client.get(reverse("volunteers:volunteer_detail", args=[team_b[1][0].pk]))
    assert response.status_code == 404


def test_district_staff_get_404_for_another_districts_certificate(client, staff_a, team_b):
    client.force_login(staff_a)
    response = client.get(reverse("volunteers:certificate", args=[team_b[1][0].pk]))
    assert response.status_code == 404


def test_secretary_sees_activities_and_records_of_their_branch_members_only(
    district_a, secretary, team_a
):
    team, members = team_a
    branch = PartyBranch.objects.create(name="第一支部", unit=district_a, secretary=secretary)
    Membership.objects.create(cadre=members[0].cadre, branch=branch, joined_on="2020-01-01")
    mine = RecordFactory(activity__team=team, volunteer=members[0])
    RecordFactory(activity=mine.activity, volunteer=members[1])
    ActivityFactory(team=team)  # none of the secretary's members took part
    assert list(VolunteerActivity.objects.visible_to(secretary)) == [mine.activity]
    assert list(ServiceRecord.objects.visible_to(secretary)) == [mine]
    assert list(VolunteerTeam.objects.visible_to(secretary)) == [team]


def test_a_user_without_a_role_sees_no_volunteer_data(team_a):
    from tests.factories import UserFactory

    nobody = UserFactory(role="", unit=None)
    assert not VolunteerTeam.objects.visible_to(nobody).exists()
    assert not Volunteer.objects.visible_to(nobody).exists()
