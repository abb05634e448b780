from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.cadres.models import Cadre
from tests.branches.factories import MembershipFactory, PartyBranchFactory, PartyMemberFactory
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


def _checks(response) -> dict:
    return {c.title: c for c in response.context["checks"]}


def _table(response, key):
    return next(t for t in response.context["report"].tables if t.key == key)


@pytest.fixture
def register(district_a, district_b):
    """Two districts: A with a lixiu and a tuixiu cadre and a party member in a branch, B with
    one tuixiu cadre; one of A's cadres died this year, one of B's retired this year."""
    year = timezone.localdate().year
    a1 = CadreFactory(unit=district_a, retirement_kind=Cadre.RetirementKind.LIXIU)
    CadreFactory(unit=district_a, retirement_date=date(2000, 1, 1))
    MembershipFactory(branch=PartyBranchFactory(unit=district_a), joined_on=date(2010, 1, 1))
    CadreFactory(
        unit=district_a,
        status=Cadre.Status.DECEASED,
        deceased_on=date(year, 1, 5),
        retirement_date=date(2001, 1, 1),
    )
    b1 = CadreFactory(unit=district_b, retirement_date=date(year, 1, 1))
    return {"a1": a1, "b1": b1, "year": year}


def test_each_reporting_unit_counts_its_own_cadres_once(client, bureau_staff, register):
    client.force_login(bureau_staff)
    response = client.get(reverse("dashboard:annual"))
    kind = _table(response, "kind")
    assert {r.unit_name: r.total for r in kind.rows} == {"东城区": 3, "西城区": 1}
    assert response.context["failed"] == []


def test_the_changes_table_balances_deaths_and_new_retirees(client, bureau_staff, register):
    client.force_login(bureau_staff)
    changes = _table(client.get(reverse("dashboard:annual")), "changes")
    rows = {r.unit_name: r.values for r in changes.rows}
    assert rows["东城区"] == [4, 0, 1, 3]  # start, new, deaths, end
    assert rows["西城区"] == [0, 1, 0, 1]


def test_a_district_return_leaves_out_the_other_district(client, staff_a, register):
    client.force_login(staff_a)
    response = client.get(reverse("dashboard:annual"))
    assert response.context["report"].scope_headcount == 3
    assert register["b1"].name not in {r.unit_name for r in _table(response, "kind").rows}
    assert all(r.unit_name != "西城区" for t in response.context["report"].tables for r in t.rows)


def test_a_rank_outside_the_categories_fails_the_table_check_and_names_the_cadre(
    client, bureau_staff, register
):
    Cadre.objects.filter(pk=register["a1"].pk).update(rank="bogus")
    client.force_login(bureau_staff)
    check = _checks(client.get(reverse("dashboard:annual")))["表二 职级合计与年末人数一致"]
    assert not check.passed
    assert [c["pk"] for c in check.cadres] == [register["a1"].pk]
    assert "东城区" in check.detail


def test_the_same_person_registered_twice_is_listed_as_a_duplicate(
    client, bureau_staff, register, district_b
):
    a1 = register["a1"]
    twin = CadreFactory(unit=district_b, name=a1.name, gender=a1.gender, birth_date=a1.birth_date)
    client.force_login(bureau_staff)
    check = _checks(client.get(reverse("dashboard:annual")))[
        "无重复登记（姓名、性别、出生日期相同）"
    ]
    assert not check.passed
    assert {c["pk"] for c in check.cadres} == {a1.pk, twin.pk}


def test_a_party_member_without_a_join_date_is_listed(client, bureau_staff, district_a):
    member = PartyMemberFactory(unit=district_a)
    Cadre.objects.filter(pk=member.pk).update(party_joined_on=None)
    client.force_login(bureau_staff)
    check = _checks(client.get(reverse("dashboard:annual")))["党员均有入党时间且不晚于年末"]
    assert [c["why"] for c in check.cadres] == ["缺入党时间"]


def test_a_cadre_who_died_before_retiring_unbalances_the_changes_and_is_listed(
    client, bureau_staff, district_a
):
    year = timezone.localdate().year
    odd = CadreFactory(unit=district_a, retirement_date=date(year, 3, 1))
    Cadre.objects.filter(pk=odd.pk).update(status="deceased", deceased_on=date(year - 1, 6, 1))
    client.force_login(bureau_staff)
    check = _checks(client.get(reverse("dashboard:annual")))[
        "年初人数 + 当年新增 − 当年去世 = 年末人数"
    ]
    assert not check.passed
    assert [c["pk"] for c in check.cadres] == [odd.pk]


def test_the_failed_check_lists_id_numbers_masked_for_leadership(client, leader, district_a):
    member = PartyMemberFactory(unit=district_a)
    Cadre.objects.filter(pk=member.pk).update(party_joined_on=None)
    client.force_login(leader)
    check = _checks(client.get(reverse("dashboard:annual")))["党员均有入党时间且不晚于年末"]
    assert check.cadres[0]["id_number"] != member.id_number
    assert "*" in check.cadres[0]["id_number"]


def test_export_of_a_return_that_fails_its_audit_is_refused(client, bureau_staff, district_a):
    member = PartyMemberFactory(unit=district_a)
    Cadre.objects.filter(pk=member.pk).update(party_joined_on=None)
    client.force_login(bureau_staff)
    response = client.get(reverse("dashboard:annual_export"))
    assert response.status_code == 409
    assert "未通过校验" in response.content.decode()


def test_a_forced_export_carries_the_failed_checks_and_their_cadres(
    client, bureau_staff, district_a
):
    member = PartyMemberFactory(unit=district_a)
    Cadre.objects.filter(pk=member.pk).update(party_joined_on=None)
    client.force_login(bureau_staff)
    response = client.get(reverse("dashboard:annual_export"), {"force": "1"})
    book = load_workbook(BytesIO(response.content))
    values = [c for row in book["校验结果"].iter_rows(values_only=True) for c in row]
    assert member.name in values
    assert "未通过" in values


def test_a_clean_return_exports_tables_whose_totals_agree(client, bureau_staff, register):
    client.force_login(bureau_staff)
    response = client.get(reverse("dashboard:annual_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    totals = {}
    for sheet in book.worksheets[:4]:
        last = list(sheet.iter_rows(values_only=True))[-1]
        assert last[0] == "合计"
        totals[sheet.title] = last[-1]
    assert set(totals.values()) == {4}


def test_the_annual_return_runs_a_bounded_number_of_queries(
    client, bureau_staff, register, django_assert_max_num_queries
):
    client.force_login(bureau_staff)
    with django_assert_max_num_queries(20):
        client.get(reverse("dashboard:annual"))
