"""忘记密码 → 找工作人员: unit staff give a user of their scope a temporary password, shown once,
logged, and the user must set their own at the next sign-in."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import Role, TemporaryPassword
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW = "银发生辉-新密码-2026"


def issue(client, target):
    return client.post(reverse("accounts:temporary_password", args=[target.pk]))


def shown_password(response) -> str:
    match = re.search(
        r'data-testid="temporary-password".*?<strong>([^<]+)</strong>',
        response.content.decode(),
        re.S,
    )
    assert match, "no temporary password shown"
    return match.group(1)


def test_staff_give_a_temporary_password_shown_once_and_logged(client, staff_a, secretary):
    client.force_login(staff_a)
    page = client.get(reverse("accounts:temporary_password", args=[secretary.pk]))
    assert page.status_code == 200
    assert "已核实身份" in page.content.decode()
    response = issue(client, secretary)
    password = shown_password(response)
    assert len(password) == 10
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    secretary.refresh_from_db()
    assert secretary.check_password(password)
    assert secretary.must_change_password
    log = TemporaryPassword.objects.get()
    assert (log.user, log.issued_by) == (secretary, staff_a)
    assert password not in str(TemporaryPassword.objects.values().get())
    # The confirmation page does not show it again.
    again = client.get(reverse("accounts:temporary_password", args=[secretary.pk])).content.decode()
    assert password not in again


def test_the_user_must_change_it_at_the_next_sign_in(client, staff_a, secretary):
    client.force_login(staff_a)
    password = shown_password(issue(client, secretary))
    user_client = Client()
    response = user_client.post(
        reverse("accounts:login"),
        {"username": secretary.username, "password": password},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:password_change")
    assert "临时密码" in response.content.decode()
    # Every other page leads back to 修改密码 until it is done.
    blocked = user_client.get(reverse("branches:portal"))
    assert blocked.status_code == 302 and blocked["Location"] == reverse("accounts:password_change")
    done = user_client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": NEW, "new_password2": NEW},
    )
    assert done.status_code == 302
    secretary.refresh_from_db()
    assert not secretary.must_change_password
    assert secretary.check_password(NEW)
    assert user_client.get(reverse("branches:portal")).status_code == 200


def test_a_locked_out_user_can_sign_in_with_the_temporary_password(
    client, staff_a, secretary, settings
):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username=secretary.username, ip_address="127.0.0.1", user_agent="x", failures_since_start=99
    )
    client.force_login(staff_a)
    issue(client, secretary)
    assert not AccessAttempt.objects.filter(username=secretary.username).exists()


def test_another_districts_user_does_not_exist_for_the_staff_member(client, staff_a, staff_b):
    client.force_login(staff_a)
    assert client.get(reverse("accounts:temporary_password", args=[staff_b.pk])).status_code == 404
    assert issue(client, staff_b).status_code == 404
    staff_b.refresh_from_db()
    assert not staff_b.must_change_password
    assert staff_b.username not in client.get(reverse("accounts:user_list")).content.decode()


@pytest.mark.parametrize("role", ["secretary", "team_leader", "leader_a"])
def test_other_roles_may_not_give_temporary_passwords(client, request, role, staff_a):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert issue(client, staff_a).status_code == 403
    assert not TemporaryPassword.objects.exists()


def test_not_for_oneself_a_superuser_or_the_cadre_side(client, staff_a, district_a):
    client.force_login(staff_a)
    root = UserFactory(is_superuser=True, unit=district_a, role=Role.DISTRICT_STAFF)
    cadre = UserFactory(role=Role.CADRE, unit=district_a)
    for target, words in [(staff_a, "修改密码"), (root, "系统管理员"), (cadre, "登录卡")]:
        response = issue(client, target)
        assert response.status_code == 403
        assert words in response.content.decode()
    assert not TemporaryPassword.objects.exists()


def test_the_list_finds_users_by_name(client, staff_a, secretary, team_leader):
    client.force_login(staff_a)
    response = client.get(reverse("accounts:user_list"), {"q": secretary.full_name})
    page = response.content.decode()
    assert secretary.username in page
    assert team_leader.username not in page
    assert response.context["page_obj"].paginator.count == 1


def test_staff_reach_it_from_their_menu_and_the_forgot_page_leads_to_staff(client, staff_a):
    client.force_login(staff_a)
    assert reverse("accounts:user_list") in client.get(reverse("core:home")).content.decode()
    forgot = Client().get(reverse("accounts:forgot_password")).content.decode()
    assert "临时密码" in forgot
