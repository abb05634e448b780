from datetime import date

import pytest
from django.urls import reverse

from apps.cadres.models import Cadre
from tests.factories import CadreFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_district_staff_get_404_for_another_districts_cadre_page(client, staff_a, district_b):
    other = CadreFactory(unit=district_b)
    client.force_login(staff_a)
    assert client.get(reverse("cadres:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("cadres:edit", args=[other.pk])).status_code == 404


def test_district_staff_get_404_for_another_districts_cadre_in_admin(client, staff_a, district_b):
    other = CadreFactory(unit=district_b)
    client.force_login(staff_a)
    response = client.get(reverse("admin:cadres_cadre_change", args=[other.pk]))
    assert response.status_code == 404
    assert client.get(reverse("admin:cadres_cadre_history", args=[other.pk])).status_code == 404


def test_admin_list_shows_only_own_district(client, staff_a, district_a, district_b):
    own = CadreFactory(unit=district_a, name="本区干部")
    CadreFactory(unit=district_b, name="外区干部")
    client.force_login(staff_a)
    response = client.get(reverse("admin:cadres_cadre_changelist"))
    assert list(response.context["cl"].result_list) == [own]


def test_staff_see_the_whole_id_number_and_leaders_see_it_masked(
    client, staff_a, leader_a, district_a
):
    cadre = CadreFactory(unit=district_a)
    client.force_login(staff_a)
    assert cadre.id_number in client.get(cadre.get_absolute_url()).content.decode()
    client.force_login(leader_a)
    page = client.get(cadre.get_absolute_url()).content.decode()
    assert cadre.id_number not in page
    assert cadre.phone not in page
    assert f"{cadre.id_number[:4]}**********{cadre.id_number[-4:]}" in page


def test_export_masks_ids_for_leaders_and_respects_scope(client, leader_a, district_a, district_b):
    from io import BytesIO

    from openpyxl import load_workbook

    own = CadreFactory(unit=district_a)
    CadreFactory(unit=district_b)
    client.force_login(leader_a)
    response = client.get(reverse("cadres:export"))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2  # header + the one cadre of district A
    assert rows[1][0] == own.name
    assert rows[1][4] == own.id_number[:4] + "*" * 10 + own.id_number[-4:]
    assert rows[1][3] is None  # leadership: aggregates and names, no birth dates


def test_search_by_pinyin_initials_and_last_id_digits(client, staff_a, district_a):
    zhang = CadreFactory(unit=district_a, name="张建国")
    CadreFactory(unit=district_a, name="李秀英")
    client.force_login(staff_a)
    by_initials = client.get(reverse("cadres:list"), {"q": "zjg"})
    assert list(by_initials.context["page_obj"]) == [zhang]
    by_digits = client.get(reverse("cadres:list"), {"q": zhang.id_number[-6:]})
    assert list(by_digits.context["page_obj"]) == [zhang]


def test_library_filter_old_leaders_lists_bureau_rank_and_above(client, staff_a, district_a):
    senior = CadreFactory(unit=district_a, rank=Cadre.Rank.BUREAU)
    CadreFactory(unit=district_a, rank=Cadre.Rank.SECTION)
    client.force_login(staff_a)
    response = client.get(reverse("cadres:list"), {"library": "leaders"})
    assert list(response.context["page_obj"]) == [senior]


def test_age_band_filter(client, staff_a, district_a):
    today = date.today()
    old = CadreFactory(unit=district_a, birth_date=date(today.year - 85, 1, 1))
    CadreFactory(unit=district_a, birth_date=date(today.year - 65, 1, 1))
    client.force_login(staff_a)
    response = client.get(reverse("cadres:list"), {"age_band": "80_89"})
    assert list(response.context["page_obj"]) == [old]


def test_cadre_list_queries_do_not_grow_with_rows(
    client, staff_a, district_a, django_assert_max_num_queries
):
    town = OrgUnitFactory(parent=district_a)
    CadreFactory.create_batch(40, unit=town)
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("cadres:list"))
    assert response.context["page_obj"].paginator.count == 40


def test_admin_changelist_queries_are_bounded(
    client, staff_a, district_a, django_assert_max_num_queries
):
    CadreFactory.create_batch(60, unit=district_a)
    client.force_login(staff_a)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("admin:cadres_cadre_changelist"))
    assert len(response.context["cl"].result_list) == 50


def test_saving_a_cadre_in_a_page_writes_audit_history_with_the_user(client, staff_a, district_a):
    cadre = CadreFactory(unit=district_a, address="旧地址")
    client.force_login(staff_a)
    from apps.cadres.forms import CadreForm

    data = {
        k: v for k, v in CadreForm(instance=cadre, user=staff_a).initial.items() if v is not None
    }
    data.update({"address": "新地址", "unit": district_a.pk})
    response = client.post(reverse("cadres:edit", args=[cadre.pk]), data)
    assert response.status_code == 302
    latest = cadre.history.order_by("-history_date").first()
    assert latest.address == "新地址"
    assert latest.history_user == staff_a


def test_a_hospitalization_discharged_before_admission_is_refused(client, staff_a, district_a):
    cadre = CadreFactory(unit=district_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("cadres:hospitalization_add", args=[cadre.pk]),
        {"hospital": "市人民医院", "admitted_on": "2026-03-10", "discharged_on": "2026-03-01"},
    )
    assert response.status_code == 200
    assert "出院日期不能早于入院日期" in response.content.decode()
    assert not cadre.hospitalizations.exists()


def test_leaders_cannot_edit_the_register(client, leader_a, district_a):
    cadre = CadreFactory(unit=district_a)
    client.force_login(leader_a)
    assert client.get(reverse("cadres:edit", args=[cadre.pk])).status_code == 403


def test_leaders_see_no_birth_date_or_hardship_on_a_cadre_page(client, leader_a, district_a):
    cadre = CadreFactory(unit=district_a, hardship=True)
    client.force_login(leader_a)
    page = client.get(cadre.get_absolute_url()).content.decode()
    assert cadre.name in page
    assert f"{cadre.birth_date:%Y-%m-%d}" not in page
    assert "困难" not in page
