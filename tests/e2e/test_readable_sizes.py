"""Measured in the browser: the staff header at 1366x768 and the 大字 switch on a phone.

The journeys (test_journeys, test_journey_taps) hold every page they visit to the e2e rules of
helpers.py, text sizes (>= 18 px for badges, hints and detail lines) and banner and back-link
heights (>= 44 px) included. Here: the staff header fits one line at 1366x768 (the portal name
once stacked one character per line and the header took 433 of 768 px), and the switch keeps its
state from page to page, applied by the server (no flash)."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

from .helpers import PASSWORD, assert_passes, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER_MAX_PX = 80  # one line, in 大字 too

HEADER_JS = """
() => {
  const header = document.querySelector('.portal-header');
  const brand = header.querySelector('.navbar-brand');
  const line = parseFloat(getComputedStyle(brand).lineHeight) || parseFloat(getComputedStyle(brand).fontSize) * 1.5;
  return {
    header: header.getBoundingClientRect().height,
    brand: brand.getBoundingClientRect().height,
    brandLine: line,
    scrollWidth: document.documentElement.scrollWidth,
    links: header.querySelectorAll('#mainNav .navbar-nav > li').length,
    wide: [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)),
  };
}
"""


@pytest.fixture
def laptop(chromium):
    """The bureau's usual screen: 1366x768."""
    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    yield page
    context.close()


def _signed_in_staff(page, live_server, city):
    UserFactory(
        username="bureau_long",
        full_name="欧阳文华",
        role="bureau_staff",
        unit=city,
        is_staff=True,
        password=PASSWORD,
    )
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("[name=username]", "bureau_long")
    page.fill("[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/portal/**")


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-print"])
def test_the_staff_header_fits_one_line_at_1366x768(laptop, live_server, city, large):
    _signed_in_staff(laptop, live_server, city)
    if large:
        laptop.click("[data-font-toggle]")
        laptop.wait_for_selector("html.font-large")
    for url in [reverse("core:home"), reverse("notifications:inbox")]:
        laptop.goto(live_server.url + url)
        m = laptop.evaluate(HEADER_JS)
        print(
            f"1366x768 {'大字' if large else '标准'} {url}: header {m['header']:.0f}px, brand {m['brand']:.0f}px, {m['links']} menu entries"
        )
        assert m["links"] >= 8  # a bureau staff member's full menu
        assert m["brand"] < 1.5 * m["brandLine"], ("the portal name wraps", m)
        assert m["header"] <= HEADER_MAX_PX, m
        assert m["scrollWidth"] <= 1366, m
        # 17 menu entries do not fit one line at 1366 px: they fold behind 展开菜单.
        assert laptop.locator(".navbar-toggler").is_visible()
        assert m["wide"] == [], m["wide"]


def test_the_switch_shows_its_state_and_the_server_keeps_it(phone, live_server, secretary):
    login(phone, live_server, "secretary")
    toggle = phone.locator("[data-font-toggle]")
    assert toggle.is_visible()  # beside the menu button, not hidden in the collapsed menu
    assert toggle.get_attribute("aria-pressed") == "false"
    assert "".join(toggle.inner_text().split()) == "大字关"
    normal = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert "".join(toggle.inner_text().split()) == "大字开"
    assert phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > normal
    assert_passes(phone, live_server, "font-switch-on")
    # The next page arrives in 大字 from the server: the class is in the HTML itself.
    response = phone.request.get(live_server.url + reverse("notifications:inbox"))
    assert '<html lang="zh-CN" class="font-large">' in response.text()
    phone.goto(live_server.url + reverse("notifications:inbox"))
    assert phone.locator("[data-font-toggle]").get_attribute("aria-pressed") == "true"
    secretary.refresh_from_db()
    assert secretary.large_font is True
