import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from apps.branches.models import ActivityAttachment, PartyBranch

from .factories import BranchActivityFactory, MembershipFactory, RectificationFactory


@pytest.fixture
def other_activity(other_branch):
    return BranchActivityFactory(branch=other_branch)


def test_visible_to_gives_a_secretary_only_their_branches(secretary, branch, other_branch):
    assert list(PartyBranch.objects.visible_to(secretary)) == [branch]


def test_portal_lists_only_the_secretarys_branches(client, secretary, branch, other_branch):
    client.force_login(secretary)
    response = client.get(reverse("branches:portal"))
    assert [b.pk for b in response.context["page_obj"]] == [branch.pk]


def test_secretary_gets_404_for_another_branch(client, secretary, branch, other_branch):
    client.force_login(secretary)
    assert client.get(reverse("branches:branch_detail", args=[other_branch.pk])).status_code == 404


def test_secretary_gets_404_recording_in_another_branch(client, secretary, branch, other_branch):
    client.force_login(secretary)
    url = reverse("branches:activity_create", args=[other_branch.pk])
    assert client.get(url).status_code == 404


def test_secretary_gets_404_for_another_branchs_activity(client, secretary, other_activity):
    client.force_login(secretary)
    url = reverse("branches:activity_detail", args=[other_activity.pk])
    assert client.get(url).status_code == 404


def test_secretary_gets_404_editing_another_branchs_activity(client, secretary, other_activity):
    client.force_login(secretary)
    url = reverse("branches:activity_edit", args=[other_activity.pk])
    assert client.post(url, {"topic": "x"}).status_code == 404


def test_secretary_gets_404_for_another_branchs_attachment(
    client, secretary, other_activity, media
):
    attachment = ActivityAttachment(
        activity=other_activity,
        file_type="pdf",
        content_type="application/pdf",
        original_name="a.pdf",
        size=9,
    )
    attachment.file.save("a.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    client.force_login(secretary)
    assert client.get(reverse("branches:attachment", args=[attachment.pk])).status_code == 404


def test_secretary_gets_404_for_another_branchs_rectification(client, secretary, other_branch):
    rect = RectificationFactory(branch=other_branch)
    client.force_login(secretary)
    url = reverse("branches:rectification_detail", args=[rect.pk])
    assert client.get(url).status_code == 404


def test_district_staff_get_404_for_another_districts_branch(client, staff_b, branch):
    client.force_login(staff_b)
    assert client.get(reverse("branches:branch_detail", args=[branch.pk])).status_code == 404


def test_secretary_cannot_open_reports(client, secretary, branch):
    client.force_login(secretary)
    assert client.get(reverse("branches:report_compliance")).status_code == 403


def test_leadership_cannot_record_activities(client, leader, branch):
    client.force_login(leader)
    assert client.get(reverse("branches:activity_create", args=[branch.pk])).status_code == 403


def test_branch_page_queries_do_not_grow_with_members(
    client, secretary, branch, django_assert_max_num_queries
):
    for _ in range(20):
        MembershipFactory(branch=branch)
    BranchActivityFactory.create_batch(25, branch=branch)
    client.force_login(secretary)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("branches:branch_detail", args=[branch.pk]))
    assert len(response.context["members"]) == 20


def test_portal_queries_do_not_grow_with_branches(
    client, staff_a, district_a, django_assert_max_num_queries
):
    from .factories import PartyBranchFactory

    for _ in range(12):
        MembershipFactory(branch=PartyBranchFactory(unit=district_a))
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("branches:portal"))
    assert response.context["page_obj"].paginator.count == 12


def test_rectification_list_queries_are_bounded(
    client, secretary, branch, django_assert_max_num_queries
):
    RectificationFactory.create_batch(15, branch=branch, owner=secretary)
    client.force_login(secretary)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("branches:rectification_list"))
    assert response.context["page_obj"].paginator.count == 15


def test_a_secretary_without_a_branch_sees_an_empty_portal(client, district_a):
    from apps.accounts.models import Role
    from tests.factories import UserFactory

    newcomer = UserFactory(role=Role.SECRETARY, unit=district_a)
    client.force_login(newcomer)
    response = client.get(reverse("branches:portal"))
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == []
