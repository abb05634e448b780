"""The dashboard's 老年大学 section: students by age band, unit and course; each figure is the
row count of the student list it links to."""

from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from apps.dashboard.university import university_section
from apps.dashboard.window import Window
from apps.university import services
from tests.factories import CadreFactory, OrgUnitFactory

from .factories import ClassFactory, TermFactory, apply, close_window

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(city, district_a, district_b):
    today = timezone.localdate()
    term = TermFactory(
        unit=city,
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=80),
        allocate_on=today - timedelta(days=11),
    )
    calligraphy = ClassFactory(term=term, quota=9, slots=[(1, "09:00", "10:00")])
    singing = ClassFactory(term=term, quota=9, slots=[(2, "09:00", "10:00")])
    town = OrgUnitFactory(parent=district_a)
    people = [
        CadreFactory(unit=district_a, birth_date=date(1950, 1, 1)),
        CadreFactory(unit=town, birth_date=date(1940, 1, 1)),
        CadreFactory(unit=district_b, birth_date=date(1935, 1, 1)),
    ]
    for cadre in people:
        apply(calligraphy, cadre)
    apply(singing, people[0])
    gone = apply(singing, people[2])
    close_window(term)
    services.term_allocate(term=term)
    services.application_withdraw(application=gone, by=None)
    return term


def figures(section):
    rows = {}
    for t in section["tables"]:
        for label, value in t["rows"]:
            rows[(t["title"], label["v"])] = (value["v"], value["url"])
    return rows


@pytest.mark.parametrize("who", ["bureau_staff", "staff_a", "leader_a"])
def test_every_figure_is_its_lists_row_count(client, world, who, request):
    user = request.getfixturevalue(who)
    today = timezone.localdate()
    section = university_section(user, Window(year=today.year, today=today))
    client.force_login(user)
    checked = 0
    for (_title, _label), (value, url) in figures(section).items():
        if not url:
            continue
        parts = urlsplit(url)
        response = client.get(parts.path + "?" + parts.query)
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count == value, url
        checked += 1
    kpi = section["kpis"][0]
    response = client.get(kpi["url"])
    assert response.context["page_obj"].paginator.count == kpi["value"]
    assert checked >= 3


def test_counts_by_scope(world, bureau_staff, staff_a):
    today = timezone.localdate()
    window = Window(year=today.year, today=today)
    city = university_section(bureau_staff, window)
    assert city["kpis"][0]["value"] == 3
    assert city["kpis"][1]["value"] == 4  # places: 3 书法 + 1 声乐 (one withdrew)
    district = university_section(staff_a, window)
    assert district["kpis"][0]["value"] == 2
    by_course = {label["v"]: value["v"] for label, value in district["tables"][2]["rows"]}
    assert sorted(by_course.values()) == [1, 2]


def test_the_student_list_refuses_foreign_filters(client, world, staff_a, district_b):
    client.force_login(staff_a)
    url = "/university/staff/students/"
    assert client.get(url, {"unit": district_b.pk}).status_code == 404
    assert client.get(url, {"unit": "abc"}).status_code == 404
    assert client.get(url, {"course": "999999"}).status_code == 404
    response = client.get(url, {"year": "abc", "age_band": "zzz"})
    assert response.status_code == 200 and response.context["page_obj"].paginator.count == 2
