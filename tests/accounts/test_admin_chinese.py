"""The admin (django-unfold) speaks only Chinese and carries the portal's identity: unfold ships no
Chinese catalogue, so the project's locale/zh_Hans (LOCALE_PATHS, the compiled .mo committed)
translates its strings."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import CadreFactory, UserFactory

pytestmark = pytest.mark.django_db

ENGLISH = [
    "Welcome back to",
    "Filters",
    "Select value",
    "Apply Filters",
    "Reset filters",
    "Type to search",
    "Return to site",
    "Search apps and models",
    "All applications",
    "No results found",
    "Select all rows",
    "More actions",
    "Toggle password visibility",
    "Recent searches",
]


def english_in(page: str) -> list[str]:
    return [s for s in ENGLISH if s in page]


@pytest.fixture
def admin_user_client(client, city):
    user = UserFactory(username="root", is_staff=True, is_superuser=True, unit=city)
    client.force_login(user)
    return client


def test_the_admin_sign_in_page_is_chinese(client, db):
    page = client.get(reverse("admin:login")).content.decode()
    assert english_in(page) == []
    assert "欢迎回到" in page
    assert settings.PORTAL_NAME in page


def test_the_admin_index_is_chinese(admin_user_client):
    page = admin_user_client.get(reverse("admin:index")).content.decode()
    assert english_in(page) == []
    assert 'lang="zh-hans"' in page


def test_a_changelist_with_filters_is_chinese(admin_user_client, district_a):
    CadreFactory(unit=district_a)
    response = admin_user_client.get(reverse("admin:cadres_cadre_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert english_in(page) == []
    assert "筛选" in page


def test_the_user_changelist_and_form_are_chinese(admin_user_client, staff_a):
    for url in [
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[staff_a.pk]),
    ]:
        page = admin_user_client.get(url).content.decode()
        assert english_in(page) == [], url


def test_the_admin_wears_the_portals_identity(admin_user_client):
    page = admin_user_client.get(reverse("admin:index")).content.decode()
    assert "img/favicon.svg" in page
    assert settings.UNFOLD["SITE_URL"] == reverse("core:home")
    assert "oklch(44.4% .177 26.899)" in page  # the portal red as the primary colour


def test_the_compiled_catalogue_is_committed_beside_its_source():
    from pathlib import Path

    folder = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
    po, mo = folder / "django.po", folder / "django.mo"
    assert po.is_file() and mo.is_file()
    assert mo.stat().st_size > 1000
