import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.urls import reverse

from apps.branches.models import Membership
from apps.branches.services import membership_join, membership_move

from .factories import MembershipFactory, PartyBranchFactory, PartyMemberFactory


def test_moving_a_member_closes_the_old_membership_and_opens_a_new_one(branch, other_branch):
    old = MembershipFactory(branch=branch, joined_on=date(2015, 3, 1))
    new = membership_move(membership=old, to_branch=other_branch, on=date(2026, 6, 1))
    old.refresh_from_db()
    assert (old.left_on, new.joined_on, new.branch) == (date(2026, 6, 1),) * 2 + (other_branch,)
    assert Membership.objects.filter(cadre=old.cadre).count() == 2
    assert Membership.objects.active().get(cadre=old.cadre) == new


def test_the_database_forbids_two_active_memberships(branch, other_branch):
    old = MembershipFactory(branch=branch)
    with pytest.raises(IntegrityError):
        Membership.objects.create(cadre=old.cadre, branch=other_branch, joined_on=date(2026, 1, 1))


def test_joining_a_second_branch_is_refused_with_a_chinese_message(branch, other_branch):
    old = MembershipFactory(branch=branch)
    with pytest.raises(ValidationError, match="已在其他支部"):
        membership_join(cadre=old.cadre, branch=other_branch, on=date(2026, 1, 1))


def test_a_closed_membership_cannot_be_moved_again(branch, other_branch):
    old = MembershipFactory(branch=branch)
    membership_move(membership=old, to_branch=other_branch, on=date(2026, 6, 1))
    with pytest.raises(ValidationError, match="已经转出"):
        membership_move(membership=old, to_branch=branch, on=date(2026, 7, 1))


def test_a_move_dated_before_joining_is_refused_and_nothing_changes(branch, other_branch):
    old = MembershipFactory(branch=branch, joined_on=date(2020, 1, 1))
    with pytest.raises(ValidationError):
        membership_move(membership=old, to_branch=other_branch, on=date(2019, 1, 1))
    assert Membership.objects.active().get(cadre=old.cadre).pk == old.pk


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_moves_leave_exactly_one_active_membership(district_a, district_b):
    old = MembershipFactory(branch=PartyBranchFactory(unit=district_a))
    targets = [PartyBranchFactory(unit=district_b), PartyBranchFactory(unit=district_b)]
    barrier = threading.Barrier(2)
    errors = []

    def move(target):
        try:
            barrier.wait()
            membership_move(membership=old, to_branch=target, on=date(2026, 6, 1))
        except ValidationError as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Membership.objects.active().filter(cadre=old.cadre).count() == 1
    assert len(errors) == 1


def test_only_party_members_can_join(branch):
    from tests.factories import CadreFactory

    with pytest.raises(ValidationError, match="中共党员"):
        membership_join(cadre=CadreFactory(unit=branch.unit), branch=branch, on=date(2026, 1, 1))


def test_staff_move_a_member_from_the_admin(client, staff_a, district_a):
    a, b = PartyBranchFactory(unit=district_a), PartyBranchFactory(unit=district_a)
    old = MembershipFactory(branch=a, cadre=PartyMemberFactory(unit=district_a))
    client.force_login(staff_a)
    url = reverse("admin:branches_membership_move", args=[old.pk])
    response = client.post(url, {"to_branch": b.pk, "on": "2026-06-01", "reason": "搬家"})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.left_reason == "搬家"
    assert Membership.objects.active().get(cadre=old.cadre).branch == b


def test_admin_move_offers_no_branch_of_another_district(client, staff_a, district_a, district_b):
    old = MembershipFactory(branch=PartyBranchFactory(unit=district_a))
    foreign = PartyBranchFactory(unit=district_b)
    client.force_login(staff_a)
    url = reverse("admin:branches_membership_move", args=[old.pk])
    client.post(url, {"to_branch": foreign.pk, "on": "2026-06-01"})
    assert Membership.objects.active().get(cadre=old.cadre).pk == old.pk


def test_staff_of_another_district_get_404_for_a_branch_in_the_admin(client, staff_b, branch):
    client.force_login(staff_b)
    url = reverse("admin:branches_partybranch_change", args=[branch.pk])
    assert client.get(url).status_code in (302, 404)
    assert not PartyBranchFactory._meta.model.objects.visible_to(staff_b).filter(pk=branch.pk)


def test_admin_branch_list_queries_do_not_grow_with_rows(
    client, staff_a, district_a, django_assert_max_num_queries
):
    for _ in range(20):
        PartyBranchFactory(unit=district_a)
    client.force_login(staff_a)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("admin:branches_partybranch_changelist"))
    assert response.context["cl"].result_count == 20


def test_admin_membership_list_queries_do_not_grow_with_rows(
    client, staff_a, district_a, django_assert_max_num_queries
):
    branch = PartyBranchFactory(unit=district_a)
    for _ in range(20):
        MembershipFactory(branch=branch)
    client.force_login(staff_a)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("admin:branches_membership_changelist"))
    assert response.context["cl"].result_count == 20


def test_a_branch_cannot_be_its_own_grandparent(district_a):
    top = PartyBranchFactory(unit=district_a)
    child = PartyBranchFactory(unit=district_a, parent=top)
    top.parent = child
    with pytest.raises(ValidationError, match="上级党组织"):
        top.full_clean()
