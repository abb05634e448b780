"""apps.accounts.access: role groups named once and one role gate (403 in Chinese)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from apps.accounts.access import (
    STAFF_AND_LEADERSHIP,
    UNIT_STAFF,
    has_role,
    is_city_bureau,
    role_required,
)
from apps.accounts.models import Role
from tests.factories import UserFactory


@role_required(UNIT_STAFF)
def _staff_view(request):
    return HttpResponse("ok")


def test_unit_staff_is_bureau_and_district_staff_and_leadership_joins_it_for_reports():
    assert UNIT_STAFF == {Role.BUREAU_STAFF, Role.DISTRICT_STAFF}
    assert STAFF_AND_LEADERSHIP == UNIT_STAFF | {Role.LEADERSHIP}


def test_the_city_bureau_is_bureau_staff_of_the_root_unit_only(bureau_staff, staff_a, leader):
    assert is_city_bureau(bureau_staff)
    assert not is_city_bureau(staff_a)  # district staff
    assert not is_city_bureau(leader)  # leadership of the city unit


def test_a_role_outside_the_group_gets_403_and_a_member_gets_the_page(
    rf: RequestFactory, secretary, staff_a
):
    request = rf.get("/x/")
    request.user = secretary
    with pytest.raises(PermissionDenied, match="无权"):
        _staff_view(request)
    request.user = staff_a
    assert _staff_view(request).content == b"ok"


def test_an_anonymous_visitor_is_sent_to_sign_in_not_refused(rf: RequestFactory):
    request = rf.get("/x/")
    request.user = AnonymousUser()
    assert _staff_view(request).status_code == 302


def test_an_inactive_user_has_no_role(db, district_a):
    user = UserFactory(unit=district_a, role=Role.DISTRICT_STAFF, is_active=False)
    assert not has_role(user, UNIT_STAFF)


def test_a_secretary_refused_a_staff_page_reads_a_chinese_403(client, secretary):
    client.force_login(secretary)
    response = client.get(reverse("volunteers:volunteer_register"))
    assert response.status_code == 403
    assert "无权" in response.content.decode() or "权限" in response.content.decode()
