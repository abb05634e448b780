"""A duplicate 身份证号 on the cadre form: linked to the existing record when the user may open it;
for a cadre of another unit, whom to ask — and nothing about that cadre (name, unit)."""

from datetime import date

import pytest
from django.urls import reverse

from apps.cadres.forms import CadreForm
from apps.cadres.models import Cadre
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


def form_data(cadre: Cadre, **overrides) -> dict:
    data = {
        "name": "重复录入",
        "gender": cadre.gender,
        "ethnicity": "汉族",
        "birth_date": cadre.birth_date.isoformat(),
        "id_number": f" {cadre.id_number} ",
        "unit": cadre.unit_id,
        "retirement_kind": cadre.retirement_kind,
        "rank": cadre.rank,
        "political_status": cadre.political_status,
        "health": cadre.health,
        "living_situation": cadre.living_situation,
        "status": Cadre.Status.ACTIVE,
    }
    data.update(overrides)
    return data


def test_a_duplicate_in_scope_names_and_links_the_existing_record(client, staff_a, district_a):
    existing = CadreFactory(unit=district_a, name="王德华", birth_date=date(1945, 3, 1))
    form = CadreForm(form_data(existing), user=staff_a)
    assert not form.is_valid()
    assert form.errors["id_number"] == [
        f"该身份证号已登记：王德华（{district_a.name}），请打开已有档案修改，不要重复登记。"
    ]
    assert form.duplicate_of == existing
    client.force_login(staff_a)
    response = client.post(reverse("cadres:create"), form_data(existing))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="{existing.get_absolute_url()}"' in page
    assert 'data-testid="duplicate-of"' in page
    assert page.count("该身份证号已登记：王德华") >= 1
    assert Cadre.objects.count() == 1


def test_a_duplicate_in_another_unit_is_not_revealed(
    client, staff_a, district_a, district_b, settings
):
    settings.BUREAU_PHONE = "0512-12345678"
    hidden = CadreFactory(unit=district_b, name="李秀英", birth_date=date(1946, 4, 2))
    form = CadreForm(form_data(hidden, unit=district_a.pk), user=staff_a)
    assert not form.is_valid()
    message = form.errors["id_number"][0]
    assert "管辖范围以外" in message and "0512-12345678" in message
    assert "李秀英" not in message and district_b.name not in message
    assert form.duplicate_of is None
    client.force_login(staff_a)
    page = client.post(
        reverse("cadres:create"), form_data(hidden, unit=district_a.pk)
    ).content.decode()
    assert "李秀英" not in page
    assert hidden.get_absolute_url() not in page
    assert 'data-testid="duplicate-of"' not in page
    assert Cadre.objects.count() == 1


def test_editing_a_record_keeps_its_own_number(staff_a, district_a):
    cadre = CadreFactory(unit=district_a)
    form = CadreForm(form_data(cadre, name=cadre.name), instance=cadre, user=staff_a)
    form.is_valid()
    assert "id_number" not in form.errors
