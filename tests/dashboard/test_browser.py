import pytest
from django.urls import reverse

from apps.cadres.models import Cadre
from tests.factories import CadreFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_leadership_click_a_chart_slice_and_land_on_the_filtered_register(
    desktop, live_server, leader_a, district_a
):
    CadreFactory(unit=district_a, retirement_kind=Cadre.RetirementKind.LIXIU)
    CadreFactory(unit=district_a)
    page = desktop
    page.goto(live_server.url + "/accounts/login/")
    page.fill("[name=username]", "leader_a")
    page.fill("[name=password]", "portal-test-pass-1")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("dashboard:index"))
    chart = page.locator("[data-chart=register-kind] canvas")
    chart.wait_for()
    assert page.locator(".dash-chart canvas").count() >= 3
    # leadership count by nothing they may not see: no health or living-situation charts
    assert page.locator("[data-chart=register-health], [data-chart=register-living]").count() == 0
    # Two cadres, one 离休: its slice is the ring's right half (ECharts starts at 12 o'clock
    # and goes clockwise); click the middle of the ring there once the animation is over.
    page.wait_for_timeout(1500)
    box = page.locator("[data-chart=register-kind]").bounding_box()
    ring = 0.5 * min(box["width"], box["height"]) / 2
    page.mouse.click(box["x"] + box["width"] / 2 + ring, box["y"] + box["height"] / 2)
    page.wait_for_url("**/cadres/?**")
    assert "retirement_kind=lixiu" in page.url
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_printed_dashboard_hides_the_controls(desktop, live_server, leader_a):
    page = desktop
    page.goto(live_server.url + "/accounts/login/")
    page.fill("[name=username]", "leader_a")
    page.fill("[name=password]", "portal-test-pass-1")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("dashboard:index"))
    page.emulate_media(media="print")
    assert not page.locator("[data-testid=year-form]").is_visible()
    assert not page.locator(".portal-header").is_visible()
    assert page.locator("#section-register").is_visible()
    assert page.errors == []
