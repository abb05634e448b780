"""Every dashboard figure that counts rows opens a page listing exactly those rows."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.branches.factories import PartyBranchFactory

pytestmark = pytest.mark.django_db

COUNT_UNITS = {"人", "个", "次", "户", "项", "条"}


def _figures(response):
    for section in response.context["data"]["sections"]:
        for item in section["kpis"]:
            if item["url"] and item["unit"] in COUNT_UNITS:
                yield section["key"], item["label"], item["value"], item["url"]
        for tbl in section.get("tables", []):
            for row in tbl["rows"]:
                label = row[0]["v"]
                for cell in row[1:]:
                    if cell.get("url") and isinstance(cell["v"], int):
                        yield section["key"], f"{tbl['title']}·{label}", cell["v"], cell["url"]


def _opened_count(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    page = (response.context or {}).get("page_obj")
    return None if page is None else page.paginator.count


@pytest.fixture
def demo_world(district_a):
    for level, n in (("city", 2), ("county", 1), ("", 3)):
        for _ in range(n):
            PartyBranchFactory(unit=district_a, demo_level=level, demo_year=2025 if level else None)


@pytest.mark.parametrize("role", ["staff_a", "bureau_staff", "leader_a"])
def test_every_counted_figure_equals_the_rows_of_the_page_it_opens(
    client, request, role, scene_a, demo_world
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("dashboard:index"))
    mismatches, walked = [], 0
    for key, label, value, url in _figures(response):
        if urlsplit(url).path == reverse("dashboard:index"):
            continue
        count = _opened_count(client, url)
        if count is None:
            continue
        walked += 1
        if count != value:
            mismatches.append((key, label, value, count, url))
    assert walked >= 5
    assert mismatches == []


def test_the_demo_branch_figures_open_only_those_branches(client, staff_a, demo_world):
    client.force_login(staff_a)
    response = client.get(reverse("dashboard:index"))
    party = next(s for s in response.context["data"]["sections"] if s["key"] == "party")
    demo = next(k for k in party["kpis"] if k["label"] == "示范党支部")
    assert demo["value"] == 3
    assert _opened_count(client, demo["url"]) == 3
    rows = {r[0]["v"]: r[1] for r in party["tables"][1]["rows"]}
    assert rows["市级"]["v"] == 2
    assert _opened_count(client, rows["市级"]["url"]) == 2
    assert _opened_count(client, rows["县级"]["url"]) == 1
