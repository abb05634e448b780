"""大字 is a visible switch with its state on every page, remembered per user (every device) or,
signed out, per device, and applied by the server: the page arrives already in 大字 (no flash)."""

import re

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTML_LARGE = re.compile(r'<html lang="zh-CN" class="font-large">')


def switch_state(page: str) -> tuple[str, str]:
    match = re.search(
        r'data-font-toggle aria-pressed="(true|false)"[^>]*>大字<span[^>]*>(开|关)<', page
    )
    assert match, "the 大字 switch is missing"
    return match.group(1), match.group(2)


def test_every_staff_page_shows_the_switch_off_by_default(client, staff_a):
    client.force_login(staff_a)
    for url in [
        reverse("core:home"),
        reverse("notifications:inbox"),
        reverse("accounts:password_change"),
    ]:
        page = client.get(url).content.decode()
        assert switch_state(page) == ("false", "关"), url
        assert not HTML_LARGE.search(page)


def test_switching_on_is_kept_on_the_user_and_applied_by_the_server(client, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("accounts:font_switch"), {"large": "1", "next": reverse("notifications:inbox")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:inbox")
    secretary.refresh_from_db()
    assert secretary.large_font is True
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert HTML_LARGE.search(page)
    assert switch_state(page) == ("true", "开")


def test_the_choice_follows_the_user_to_another_device(client, secretary):
    from django.test import Client

    client.force_login(secretary)
    client.post(reverse("accounts:font_switch"), {"large": "1"})
    other_device = Client()
    other_device.force_login(secretary)
    assert HTML_LARGE.search(other_device.get(reverse("core:home")).content.decode())


def test_switching_off_again(client, secretary):
    secretary.large_font = True
    secretary.save()
    client.force_login(secretary)
    client.post(reverse("accounts:font_switch"), {"large": "0"})
    secretary.refresh_from_db()
    assert secretary.large_font is False
    page = client.get(reverse("core:home")).content.decode()
    assert not HTML_LARGE.search(page)
    assert switch_state(page) == ("false", "关")


def test_a_script_switch_gets_204_and_no_redirect(client, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("accounts:font_switch"), {"large": "1"}, headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 204
    secretary.refresh_from_db()
    assert secretary.large_font is True


def test_signed_out_the_choice_is_kept_on_the_device(client, db):
    response = client.post(reverse("accounts:font_switch"), {"large": "1", "next": "/"})
    assert response.cookies["portal_font"].value == "large"
    assert response.cookies["portal_font"]["httponly"]
    assert HTML_LARGE.search(client.get(reverse("accounts:login")).content.decode())
    assert HTML_LARGE.search(client.get(reverse("publicity:home")).content.decode())


def test_a_foreign_next_address_is_not_followed(client, db):
    response = client.post(
        reverse("accounts:font_switch"), {"large": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_switch_only_takes_posts(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("accounts:font_switch")).status_code == 405
    secretary.refresh_from_db()
    assert secretary.large_font is None


@pytest.mark.parametrize("role", [Role.CADRE, Role.FAMILY])
def test_the_cadre_side_reads_in_large_print_until_switched_off(client, district_a, role):
    user = UserFactory(role=role, unit=district_a)
    client.force_login(user)
    response = client.post(reverse("accounts:font_switch"), {"large": "0"})
    assert response.status_code == 302  # open to the cadre side, not 403
    user.refresh_from_db()
    assert user.large_font is False


def test_a_cadre_who_never_chose_reads_in_large_print(rf, district_a):
    from django.contrib.auth.models import AnonymousUser

    from apps.accounts.font import large_font

    request = rf.get("/")
    request.user = UserFactory(role=Role.CADRE, unit=district_a)
    assert large_font(request) is True
    request.user = AnonymousUser()
    assert large_font(request) is False
