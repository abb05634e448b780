"""Bad query parameters are never a 500: the page shows the default period with a Chinese
warning, an unknown admin object is the Chinese 404 page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CadreFactory

BAD_YEARS = ["0", "-1", "99999", "abc"]


def _warned(response, word: str) -> bool:
    return f"{word}“" in response.content.decode() and "无效" in response.content.decode()


@pytest.mark.parametrize("year", BAD_YEARS)
@pytest.mark.parametrize(
    "name", ["branches:medal", "branches:report_compliance", "visits:coverage"]
)
def test_a_bad_year_shows_this_year_with_a_warning(client, bureau_staff, name, year):
    client.force_login(bureau_staff)
    response = client.get(reverse(name), {"year": year})
    assert response.status_code == 200
    assert _warned(response, "年份")
    assert response.context["year"] == timezone.localdate().year


@pytest.mark.parametrize("year", BAD_YEARS)
def test_a_bad_year_on_the_coverage_export_still_exports_this_year(client, bureau_staff, year):
    client.force_login(bureau_staff)
    response = client.get(reverse("visits:coverage_export"), {"year": year})
    assert response.status_code == 200
    assert f"coverage-{timezone.localdate().year}.xlsx" in response["Content-Disposition"]


@pytest.mark.parametrize("month", ["0-0", "99999-01", "2026-13", "abc"])
@pytest.mark.parametrize("name", ["visits:calendar", "branches:report_ranking"])
def test_a_bad_month_shows_this_month_with_a_warning(client, bureau_staff, name, month):
    client.force_login(bureau_staff)
    response = client.get(reverse(name), {"month": month})
    assert response.status_code == 200
    assert _warned(response, "月份")


@pytest.mark.parametrize("quarter", ["9", "-1", "abc"])
def test_a_bad_quarter_on_compliance_is_a_warning(client, bureau_staff, quarter):
    client.force_login(bureau_staff)
    response = client.get(reverse("branches:report_compliance"), {"quarter": quarter})
    assert response.status_code == 200
    assert _warned(response, "季度")


@pytest.mark.parametrize("days", ["99999999999", "abc", "0"])
@pytest.mark.parametrize("name", ["branches:report_inactive", "branches:report_attendance"])
def test_a_bad_day_count_on_reports_is_a_warning(client, bureau_staff, name, days):
    client.force_login(bureau_staff)
    response = client.get(reverse(name), {"days": days})
    assert response.status_code == 200
    assert _warned(response, "天数")


def test_a_good_year_is_used(client, bureau_staff):
    client.force_login(bureau_staff)
    response = client.get(reverse("branches:medal"), {"year": "2021"})
    assert response.context["year"] == 2021
    assert "无效" not in response.content.decode()


def test_a_non_numeric_admin_object_id_is_a_chinese_404(client, staff_a):
    client.force_login(staff_a)
    response = client.get("/admin/cadres/cadre/abc/change/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_non_numeric_unit_tree_in_the_admin_is_a_warning(client, staff_a, district_a):
    CadreFactory(unit=district_a, name="王建国")
    client.force_login(staff_a)
    response = client.get("/admin/cadres/cadre/", {"unit_tree": "abc"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "筛选条件无效" in body and "王建国" in body
