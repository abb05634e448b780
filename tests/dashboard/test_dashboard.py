import re
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.dashboard import facts, selectors
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _kpis(response) -> dict:
    return {k["label"]: k for s in response.context["data"]["sections"] for k in s["kpis"]}


def _section(response, key: str) -> dict:
    return next(s for s in response.context["data"]["sections"] if s["key"] == key)


@pytest.mark.parametrize("fixture", ["secretary", "team_leader"])
def test_secretaries_and_team_leaders_get_404(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("dashboard:index")).status_code == 404
    assert client.get(reverse("dashboard:screen")).status_code == 404
    assert client.get(reverse("dashboard:annual")).status_code == 404


def test_a_user_without_a_role_gets_404(client, city):
    client.force_login(UserFactory(role="", unit=city))
    assert client.get(reverse("dashboard:index")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("fixture", ["leader", "bureau_staff", "staff_a"])
def test_leadership_and_staff_see_every_section(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(reverse("dashboard:index"))
    assert [s["key"] for s in response.context["data"]["sections"]] == list(selectors.SECTION_KEYS)
    assert b'id="dashboard-charts"' in response.content


def test_district_leadership_figures_do_not_include_another_district(
    client, leader_a, scene_a, scene_b
):
    client.force_login(leader_a)
    kpis = _kpis(client.get(reverse("dashboard:index")))
    assert kpis["在册离退休干部"]["value"] == scene_a["total"]
    assert kpis["离休干部"]["value"] == 1
    assert kpis["党员人数"]["value"] == 2
    assert kpis["党支部"]["value"] == 1
    assert kpis["应统未统党员"]["value"] == 1
    assert kpis["确认服务时长"]["value"] == 2.5
    assert kpis["本月已访"]["value"] == 2
    assert kpis["逾期未访"]["value"] == 1


def test_city_leadership_figures_add_up_both_districts(client, leader, scene_a, scene_b):
    client.force_login(leader)
    response = client.get(reverse("dashboard:index"))
    kpis = _kpis(response)
    assert kpis["在册离退休干部"]["value"] == scene_a["total"] + scene_b["total"]
    assert kpis["确认服务时长"]["value"] == float(Decimal("2.5") + Decimal("7.0"))
    by_unit = _section(response, "register")["tables"][-1]
    assert {row[0]["v"]: row[1]["v"] for row in by_unit["rows"]} == {
        "东城区": scene_a["total"],
        "西城区": scene_b["total"],
    }


def test_cache_entries_of_two_districts_are_never_shared(client, leader_a, scene_a, scene_b):
    from tests.factories import UserFactory as Users

    leader_b = Users(username="leader_b", role="leadership", unit=scene_b["branch"].unit)
    client.force_login(leader_a)
    first = _kpis(client.get(reverse("dashboard:index")))["在册离退休干部"]["value"]
    client.force_login(leader_b)
    second = _kpis(client.get(reverse("dashboard:index")))["在册离退休干部"]["value"]
    assert (first, second) == (scene_a["total"], scene_b["total"])


def test_a_second_request_of_the_same_scope_is_served_from_the_cache(
    client, leader_a, scene_a, django_assert_max_num_queries
):
    client.force_login(leader_a)
    client.get(reverse("dashboard:index"))
    # session, user, unit and the inbox badge: none of the dashboard's own queries
    with django_assert_max_num_queries(5):
        response = client.get(reverse("dashboard:index"))
    assert _kpis(response)["在册离退休干部"]["value"] == scene_a["total"]


def test_uncached_dashboard_runs_a_bounded_number_of_queries(
    client, leader, scene_a, scene_b, django_assert_max_num_queries
):
    client.force_login(leader)
    # The facts of the scenes' rows are the frequent job's work (facts.refresh); the page's
    # own queries are what is bounded here (with nothing marked the refresh is one EXISTS).
    facts.refresh()
    # 34: the sections added since (casework, university) and the facts (register: its
    # per-unit facts, birth months and one live query at the age edges).
    with django_assert_max_num_queries(34):
        response = client.get(reverse("dashboard:index"))
    assert _kpis(response)["在册离退休干部"]["value"] == scene_a["total"] + scene_b["total"]


def test_query_count_does_not_grow_with_rows(client, leader, district_a, district_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.dashboard.factories import district_scene

    def count_queries() -> int:
        selectors.cache.delete_pattern("dashboard:*")
        facts.refresh()  # the frequent job's part; the page's own queries are counted
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("dashboard:index"))
        return len(ctx.captured_queries)

    client.force_login(leader)
    district_scene(district_a, lixiu=1, tuixiu=1, hours="1.0", visits_done=1)
    small = count_queries()
    district_scene(district_b, lixiu=6, tuixiu=9, hours="3.0", visits_done=8)
    assert count_queries() == small


def test_the_lixiu_figure_equals_the_cadre_list_it_links_to(client, leader_a, scene_a, scene_b):
    client.force_login(leader_a)
    figure = _kpis(client.get(reverse("dashboard:index")))["离休干部"]
    listed = client.get(figure["url"])
    assert listed.context["page_obj"].paginator.count == figure["value"] == 1


def test_every_district_figure_links_to_that_districts_cadres(client, leader, scene_a, scene_b):
    client.force_login(leader)
    table = _section(client.get(reverse("dashboard:index")), "register")["tables"][-1]
    for row in table["rows"]:
        total = row[1]
        assert client.get(total["url"]).context["page_obj"].paginator.count == total["v"]


def test_the_age_band_figures_equal_the_filtered_lists(client, leader_a, scene_a):
    client.force_login(leader_a)
    response = client.get(reverse("dashboard:index"))
    ages = _section(response, "register")["tables"][1]
    assert ages["title"] == "按年龄段"
    for _, figure in ages["rows"]:
        assert client.get(figure["url"]).context["page_obj"].paginator.count == figure["v"]


def test_every_staff_kpi_links_to_a_page_that_opens(client, staff_a, scene_a):
    client.force_login(staff_a)
    for label, kpi in _kpis(client.get(reverse("dashboard:index"))).items():
        assert kpi["url"], label
        if not kpi["url"].startswith("#"):
            assert client.get(kpi["url"]).status_code == 200, label


def test_every_link_offered_to_leadership_opens(client, leader_a, scene_a):
    client.force_login(leader_a)
    for label, kpi in _kpis(client.get(reverse("dashboard:index"))).items():
        if kpi["url"] and not kpi["url"].startswith("#"):
            assert client.get(kpi["url"]).status_code == 200, label


def test_a_past_year_reads_that_years_volunteer_hours(client, leader_a, scene_a):
    client.force_login(leader_a)
    year = scene_a["year_start"].year - 1
    response = client.get(reverse("dashboard:index"), {"year": year})
    assert response.context["year"] == year
    assert _kpis(response)["确认服务时长"]["value"] == 0


def test_a_year_outside_the_selector_falls_back_to_this_year(client, leader_a):
    client.force_login(leader_a)
    for bad in ("abc", "1900", "3000"):
        response = client.get(reverse("dashboard:index"), {"year": bad})
        assert response.context["year"] == response.context["years"][0]


def test_large_screen_shows_the_same_figures(client, leader_a, scene_a):
    client.force_login(leader_a)
    response = client.get(reverse("dashboard:screen"))
    assert response.context["data"]["sections"][0]["kpis"][0]["value"] == scene_a["total"]
    assert b"dash-screen" in response.content
    assert b"echarts.min.js" in response.content


def test_the_page_has_no_inline_script_and_no_cdn(client, leader_a):
    client.force_login(leader_a)
    content = client.get(reverse("dashboard:index")).content.decode()
    assert "cdn" not in content.lower()
    for tag in content.split("<script")[1:]:
        head, _, body = tag.partition(">")
        assert "src=" in head or 'type="application/json"' in head
        if "src=" in head:
            assert body.startswith("</script")


def test_nav_offers_the_dashboard_to_leadership_but_not_to_secretaries(client, leader_a, secretary):
    client.force_login(leader_a)
    assert reverse("dashboard:index") in {i["url"] for i in client.get("/").context["nav_items"]}
    client.force_login(secretary)
    items = client.get("/").context["nav_items"]
    assert reverse("dashboard:index") not in {i["url"] for i in items}


def test_upcoming_round_birthdays_list_those_turning_80_soon_and_not_81(
    client, leader_a, district_a
):
    from datetime import timedelta

    from django.utils import timezone

    from apps.cadres.models import years_ago
    from tests.factories import CadreFactory

    soon = timezone.localdate() + timedelta(days=10)
    eighty = CadreFactory(unit=district_a, name="王八十", birth_date=years_ago(soon, 80))
    CadreFactory(unit=district_a, name="李八一", birth_date=years_ago(soon, 81))
    client.force_login(leader_a)
    section = _section(client.get(reverse("dashboard:index")), "birthdays")
    assert {k["label"]: k["value"] for k in section["kpis"]}["80周岁"] == 1
    rows = section["tables"][0]["rows"]
    # leadership: name, age and unit, no day (the day with the age is the birth date)
    assert section["tables"][0]["headers"] == ["姓名", "年满", "管理单位"]
    assert [(r[0]["v"], r[1]["v"]) for r in rows] == [("王八十", 80)]
    assert rows[0][0]["url"] == reverse("dashboard:cadre_card", args=[eighty.pk])


def test_staff_see_the_day_of_each_upcoming_round_birthday(client, staff_a, district_a):
    from datetime import timedelta

    from django.utils import timezone

    from apps.cadres.models import years_ago
    from tests.factories import CadreFactory

    soon = timezone.localdate() + timedelta(days=10)
    CadreFactory(unit=district_a, name="王八十", birth_date=years_ago(soon, 80))
    client.force_login(staff_a)
    section = _section(client.get(reverse("dashboard:index")), "birthdays")
    rows = section["tables"][0]["rows"]
    assert [(r[0]["v"], r[1]["v"], r[2]["v"]) for r in rows] == [(f"{soon:%m-%d}", "王八十", 80)]


def test_subsidies_paid_this_month_and_year_are_summed_by_type_within_scope(
    client, leader_a, scene_a, scene_b
):
    from datetime import date

    from django.utils import timezone

    from tests.dashboard.factories import subsidy_paid

    month = timezone.localdate().replace(day=1)
    earlier = date(month.year, 1, 1)
    cadre_a, cadre_b = scene_a["cadres"][0], scene_b["cadres"][0]
    subsidy_paid(cadre_a, month=month, amount="300.00")
    subsidy_paid(cadre_a, month=earlier, amount="300.00") if earlier != month else None
    subsidy_paid(scene_a["cadres"][1], month=month, amount="50.50", paid=False)
    subsidy_paid(cadre_b, month=month, amount="999.00")
    client.force_login(leader_a)
    section = _section(client.get(reverse("dashboard:index")), "subsidies")
    kpis = {k["label"]: k["value"] for k in section["kpis"]}
    assert kpis["本月发放"] == 300.0
    assert kpis["本年发放"] == (600.0 if earlier != month else 300.0)
    assert [row[0]["v"] for row in section["tables"][0]["rows"]] == ["护理费（测试）"]
    # leadership read the figures; the entitlement list behind them is a staff page
    assert section["kpis"][0]["url"] is None


def test_staff_subsidy_figures_link_to_the_entitlement_list(client, staff_a, scene_a):
    from django.utils import timezone

    from tests.dashboard.factories import subsidy_paid

    subsidy_paid(scene_a["cadres"][0], month=timezone.localdate().replace(day=1), amount="80.00")
    client.force_login(staff_a)
    section = _section(client.get(reverse("dashboard:index")), "subsidies")
    url = section["tables"][0]["rows"][0][2]["url"]
    assert url.startswith(reverse("subsidies:entitlement_list"))
    assert client.get(url).context["page_obj"].paginator.count == 1


def test_the_warm_job_fills_one_entry_per_scope_and_requests_then_hit_the_cache(
    client, leader_a, staff_a, scene_a, district_a, django_assert_max_num_queries
):
    from django.utils import timezone

    from apps.dashboard.services import dashboard_cache_warm

    UserFactory(username="leader_a2", role="leadership", unit=district_a)
    today = timezone.localdate()
    assert dashboard_cache_warm(on=today) == 2  # (东城区, leadership), (东城区, district_staff)
    assert dashboard_cache_warm(on=today) == 2
    client.force_login(leader_a)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("dashboard:index"))
    assert _kpis(response)["在册离退休干部"]["value"] == scene_a["total"]


def test_the_warm_job_is_registered_with_the_frequent_jobs():
    from apps.core.jobs import jobs

    assert "dashboard_cache_warm" in {j.name for j in jobs("frequent")}


def test_the_team_and_branch_figures_equal_the_lists_they_link_to(client, leader_a, scene_a):
    client.force_login(leader_a)
    kpis = _kpis(client.get(reverse("dashboard:index")))
    for label in ("志愿服务队", "党支部", "在岗志愿者"):
        listed = client.get(kpis[label]["url"]).context["page_obj"].paginator.count
        assert listed == kpis[label]["value"], label


def _register_total_in_markup(response) -> int:
    html = response.content.decode()
    after = html.split("在册离退休干部</div>", 1)[1]
    return int(re.search(r'dash-kpi-value">(\d+)<small>', after).group(1))


def test_the_cached_markup_follows_the_figures(client, leader_a, scene_a, district_a):
    """The sections' markup is cached under the figures' entry: a second view reuses it, a
    new computation (the warm job's next entry) shows its own figures."""
    from tests.factories import CadreFactory

    client.force_login(leader_a)
    assert _register_total_in_markup(client.get(reverse("dashboard:index"))) == scene_a["total"]
    assert _register_total_in_markup(client.get(reverse("dashboard:index"))) == scene_a["total"]
    CadreFactory(unit=district_a)
    facts.refresh()
    selectors.cache.delete_pattern("dashboard:*")
    response = client.get(reverse("dashboard:index"))
    assert _register_total_in_markup(response) == scene_a["total"] + 1
