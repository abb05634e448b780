"""Touch targets get their 44x44 px from CSS, not from the glyphs inside them (issue 13).

The journeys measure pages with real Chinese fonts, as users see them (the browser fixture
refuses to run without one). Here the same pages are measured by a chromium that sees no font at
all (an empty fontconfig configuration): Chinese text then renders as fallback boxes of another
width, and every target must still be 44x44 px. Without min-width, the 工作动态 breadcrumb link
measured 43x44 this way.
"""

import os

import pytest
from django.urls import reverse

from apps.publicity.models import Category
from tests.conftest import launched_chromium
from tests.publicity.factories import PublishedArticleFactory

from .helpers import PHONE, TARGETS_JS, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fontless_phone(_browser_deps, live_server, monkeypatch, tmp_path):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    config = tmp_path / "fonts.conf"
    # The system's fonts minus every CJK one: Chinese renders as fallback boxes (the reported
    # failure), while chromium keeps a Latin font (with no font at all its renderer can crash).
    config.write_text(
        '<?xml version="1.0"?>\n<fontconfig><dir>/usr/share/fonts</dir>'
        "<selectfont><rejectfont><glob>*CJK*</glob><glob>*cjk*</glob><glob>*wqy*</glob>"
        "</rejectfont></selectfont></fontconfig>\n"
    )
    with launched_chromium(
        _browser_deps, env={**os.environ, "FONTCONFIG_FILE": str(config)}
    ) as browser:
        context = browser.new_context(viewport=PHONE, reduced_motion="reduce")
        yield context.new_page()
        context.close()


def small_targets(page) -> list[str]:
    found = page.evaluate(TARGETS_JS)
    toggler = page.locator(".navbar-toggler")
    if toggler.count() and toggler.is_visible():
        toggler.click()
        page.wait_for_selector("#mainNav.show")
        found += page.evaluate(TARGETS_JS)
        toggler.click()
        page.wait_for_selector("#mainNav", state="hidden")
    return sorted(set(found))


def test_with_no_font_at_all_every_public_target_is_still_44px(fontless_phone, live_server, city):
    for category in Category.values:
        PublishedArticleFactory(category=category, source_unit=city)
    article = PublishedArticleFactory(source_unit=city, category=Category.WORK, title="重阳节")
    for url in [
        reverse("publicity:home"),
        reverse("publicity:article", args=[article.pk]),  # breadcrumb: 工作动态
        reverse("publicity:category", args=[Category.WORK]),
        reverse("accounts:login"),
    ]:
        fontless_phone.goto(live_server.url + url)
        assert small_targets(fontless_phone) == [], url


def test_with_no_font_at_all_the_secretarys_pages_keep_44px_targets(
    fontless_phone, live_server, secretary, district_a
):
    from tests.branches.factories import MembershipFactory, PartyBranchFactory

    branch = PartyBranchFactory(name="第一党支部", unit=district_a, secretary=secretary)
    MembershipFactory(branch=branch)
    login(fontless_phone, live_server, "secretary")
    for url in [
        reverse("core:home"),
        reverse("branches:portal"),
        reverse("branches:branch_detail", args=[branch.pk]),
        reverse("notifications:inbox"),
    ]:
        fontless_phone.goto(live_server.url + url)
        assert small_targets(fontless_phone) == [], url
