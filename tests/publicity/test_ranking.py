from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.publicity.models import MediaLevel
from apps.publicity.selectors import Period, unit_ranking
from tests.factories import OrgUnitFactory

from .factories import AdoptionFactory, SubmissionFactory, level


def adopt(unit, day: date, *codes: str):
    submission = SubmissionFactory(unit=unit, submitted_on=day)
    for n, code in enumerate(codes):
        AdoptionFactory(submission=submission, level=level(code), adopted_on=day, outlet=f"媒体{n}")
    return submission


@pytest.fixture
def scored(district_a, district_b, city):
    # 东城: one item adopted by a central (10) and a city outlet (2), another by a city one (2)
    adopt(district_a, date(2026, 2, 10), "central", "city")
    adopt(district_a, date(2026, 5, 3), "city")
    # 西城: one provincial (5) in Q1, and an item nobody used
    adopt(district_b, date(2026, 3, 31), "provincial")
    adopt(district_b, date(2026, 1, 2))
    # last year's adoption never counts for 2026
    adopt(district_b, date(2025, 12, 31), "central")
    return {"a": district_a, "b": district_b}


def _rows(user, period):
    return {u.name: u for u in unit_ranking(user=user, period=period)}


def test_yearly_points_are_the_sum_of_the_level_points(bureau_staff, scored):
    rows = _rows(bureau_staff, Period(2026))
    assert rows["东城区"].points == Decimal("14.0")
    assert rows["西城区"].points == Decimal("5.0")
    assert (rows["东城区"].rank, rows["西城区"].rank) == (1, 2)


def test_submissions_and_adoptions_are_counted_separately(bureau_staff, scored):
    rows = _rows(bureau_staff, Period(2026))
    assert (rows["东城区"].submissions, rows["东城区"].adoptions) == (2, 3)
    assert (rows["西城区"].submissions, rows["西城区"].adoptions) == (2, 1)
    assert (rows["东城区"].n_central, rows["东城区"].n_city, rows["西城区"].n_provincial) == (
        1,
        2,
        1,
    )


def test_a_quarter_counts_only_adoptions_dated_in_it(bureau_staff, scored):
    q1 = _rows(bureau_staff, Period(2026, 1))
    q2 = _rows(bureau_staff, Period(2026, 2))
    assert (q1["东城区"].points, q1["西城区"].points) == (Decimal("12.0"), Decimal("5.0"))
    assert set(q2) == {"东城区"} and q2["东城区"].points == Decimal("2.0")


def test_the_previous_year_is_its_own_ranking(bureau_staff, scored):
    rows = _rows(bureau_staff, Period(2025))
    assert set(rows) == {"西城区"} and rows["西城区"].points == Decimal("10.0")


def test_equal_points_share_a_rank(bureau_staff, district_a, district_b, city):
    adopt(district_a, date(2026, 4, 1), "provincial")
    adopt(district_b, date(2026, 4, 2), "provincial")
    third = OrgUnitFactory(name="南城区", parent=city)
    adopt(third, date(2026, 4, 3), "county")
    ranks = {n: u.rank for n, u in _rows(bureau_staff, Period(2026)).items()}
    assert ranks == {"东城区": 1, "西城区": 1, "南城区": 3}


def test_changing_the_points_table_changes_the_ranking(bureau_staff, scored):
    MediaLevel.objects.filter(code="provincial").update(points=Decimal("20"))
    rows = _rows(bureau_staff, Period(2026))
    assert rows["西城区"].points == Decimal("20.0") and rows["西城区"].rank == 1


def test_district_staff_see_only_their_own_subtree(staff_a, scored):
    assert set(_rows(staff_a, Period(2026))) == {"东城区"}


def test_leadership_sees_the_ranking_page(client, leader, scored):
    client.force_login(leader)
    response = client.get(reverse("publicity:ranking"), {"year": 2026})
    assert [u.name for u in response.context["rows"]] == ["东城区", "西城区"]


def test_the_ranking_page_uses_bounded_queries(
    client, bureau_staff, scored, django_assert_max_num_queries
):
    client.force_login(bureau_staff)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("publicity:ranking"), {"year": 2026, "quarter": 1})
    assert response.context["period"] == Period(2026, 1)


def test_a_secretary_cannot_see_the_ranking(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("publicity:ranking")).status_code == 403


def test_the_excel_export_has_the_ranked_rows(client, bureau_staff, scored):
    client.force_login(bureau_staff)
    response = client.get(reverse("publicity:ranking_export"), {"year": 2026})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert rows == [
        [1, "东城区", 2, 3, 1, 0, 2, 0, 14],
        [2, "西城区", 2, 1, 0, 1, 0, 0, 5],
    ]
    assert sheet["A3"].value == "排名"


def test_the_excel_export_respects_scope(client, staff_b, scored):
    client.force_login(staff_b)
    response = client.get(reverse("publicity:ranking_export"), {"year": 2026})
    sheet = load_workbook(BytesIO(response.content)).active
    names = [r[1] for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert names == ["西城区"]
