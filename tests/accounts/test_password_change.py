"""Every user changes their own password, in Chinese, from the user menu."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OLD = "portal-test-pass-1"
NEW = "银发生辉-新密码-2026"


@pytest.mark.parametrize(
    "role", ["secretary", "team_leader", "staff_a", "bureau_staff", "leader_a", "leader"]
)
def test_every_role_can_change_their_own_password(client, request, role):
    user = request.getfixturevalue(role)
    user.set_password(OLD)
    user.save()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert "密码已修改" in response.content.decode()
    # Still signed in after the change (the session hash is updated).
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("role", ["secretary", "leader_a", "staff_a"])
def test_the_user_menu_links_to_the_password_page_for_every_role(client, request, role):
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert f'href="{reverse("accounts:password_change")}"' in page
    assert "修改密码" in page


def test_the_password_page_is_in_chinese(client, staff_a):
    client.force_login(staff_a)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "原密码" in page and "新密码" in page and "再次输入新密码" in page


def test_a_wrong_old_password_changes_nothing(client, staff_a):
    staff_a.set_password(OLD)
    staff_a.save()
    client.force_login(staff_a)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW},
    )
    assert "原密码不正确" in response.content.decode()
    staff_a.refresh_from_db()
    assert staff_a.check_password(OLD)


def test_a_weak_new_password_is_refused_in_chinese(client, staff_a):
    staff_a.set_password(OLD)
    staff_a.save()
    client.force_login(staff_a)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": OLD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    body = response.content.decode()
    assert "密码" in body and "This password" not in body
    staff_a.refresh_from_db()
    assert staff_a.check_password(OLD)


def test_the_password_page_needs_a_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
