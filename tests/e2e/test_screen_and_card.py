"""Measured in the browser: the 大屏 fits a 1920x1080 display without scrolling, and the 一员一卡
of a cadre with a demo-like record prints on one A4 page."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from apps.cadres.models import FamilyContact
from apps.visits.models import Visit
from tests.branches.factories import MembershipFactory, PartyBranchFactory
from tests.subsidies.factories import EntitlementFactory, seed_subsidy_data, subsidy_type
from tests.visits.factories import HospitalizationFactory, LifeEventFactory, VisitFactory
from tests.volunteers.factories import ActivityFactory, RecordFactory, TeamFactory, VolunteerFactory

from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def display(chromium):
    context = chromium.new_context(viewport={"width": 1920, "height": 1080})
    yield context.new_page()
    context.close()


def test_the_screen_fits_1920x1080_without_scrolling(display, live_server, leader):
    login(display, live_server, "leader")
    display.goto(live_server.url + reverse("dashboard:screen"))
    display.wait_for_load_state("networkidle")
    display.wait_for_timeout(500)  # the charts draw after load
    size = display.evaluate(
        "({h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth,"
        " kpis: document.querySelectorAll('.dash-screen-kpi').length,"
        " charts: document.querySelectorAll('[data-chart]').length,"
        " chart: Math.min(...[...document.querySelectorAll('[data-chart]')]"
        ".map(e => e.getBoundingClientRect().height))})"
    )
    print(
        f"大屏 1920x1080: scrollHeight {size['h']}px, {size['kpis']} figures, "
        f"{size['charts']} charts, smallest chart {size['chart']:.0f}px"
    )
    assert size["kpis"] >= 10 and size["charts"] >= 4
    assert size["h"] <= 1080, size
    assert size["w"] <= 1920, size
    assert size["chart"] >= 200, size  # the charts still read from across the room


def _demo_like_cadre(unit, staff):
    seed_subsidy_data()
    branch = PartyBranchFactory(name="东城区离退休干部第一党支部", unit=unit)
    cadre = MembershipFactory(branch=branch).cadre
    cadre.name, cadre.address = "周德明", "东城区人民路 188 号 3 栋 2 单元 501 室"
    cadre.save()
    for name, relation in [("周小红", "女儿"), ("周建军", "儿子")]:
        FamilyContact.objects.create(cadre=cadre, name=name, relation=relation, phone="13900000000")
    today = date.today()
    for i in range(2):
        HospitalizationFactory(
            cadre=cadre,
            admitted_on=today - timedelta(days=40 * (i + 1)),
            discharged_on=today - timedelta(days=40 * (i + 1) - 7),
        )
    LifeEventFactory(cadre=cadre)
    team = TeamFactory(unit=unit)
    volunteer = VolunteerFactory(cadre=cadre, teams=[team])
    for i in range(5):
        RecordFactory(
            activity=ActivityFactory(team=team, date=today - timedelta(days=7 * i)),
            volunteer=volunteer,
        )
    for i in range(4):
        VisitFactory(
            cadre=cadre,
            title=f"节日慰问 {i}",
            due_date=today + timedelta(days=10 * i),
            assignee=staff,
        )
    for i in range(6):
        VisitFactory(
            cadre=cadre,
            title=f"日常走访 {i}",
            due_date=today - timedelta(days=30 * i),
            status=Visit.Status.DONE,
            done_on=today - timedelta(days=30 * i),
            assignee=staff,
        )
    EntitlementFactory(cadre=cadre)
    EntitlementFactory(cadre=cadre, subsidy_type=subsidy_type("nursing"), monthly_amount="1200.00")
    return cadre


def test_the_cadre_card_prints_on_one_a4_page(desktop, live_server, staff_a, district_a):
    cadre = _demo_like_cadre(district_a, staff_a)
    login(desktop, live_server, "staff_a")
    desktop.goto(live_server.url + reverse("dashboard:cadre_card", args=[cadre.pk]))
    assert "周德明" in desktop.inner_text("[data-testid=cadre-card]")
    assert "周小红" in desktop.inner_text("[data-testid=cadre-card]")
    pdf = desktop.pdf(format="A4", print_background=False, prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    print(f"一员一卡: {pages} A4 page(s)")
    assert pages == 1
