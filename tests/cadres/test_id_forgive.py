"""The cadre form forgives spaces around an ID and prints a wrong ID's error once."""

from datetime import date

import pytest

from apps.cadres.forms import CadreForm
from tests.factories import make_id_number

pytestmark = pytest.mark.django_db


def test_spaces_around_a_pasted_id_are_trimmed_before_the_digits_are_counted(staff_a):
    number = make_id_number(date(1949, 12, 31), "M")
    form = CadreForm({"id_number": f"  {number}\u3000 "}, user=staff_a)
    form.is_valid()
    assert "id_number" not in form.errors
    assert form.cleaned_data["id_number"] == number
    assert 'maxlength="18"' not in str(form["id_number"])


def test_a_wrong_id_is_reported_once(staff_a):
    form = CadreForm({"id_number": " 12345678901234567890 "}, user=staff_a)
    assert not form.is_valid()
    assert form.errors["id_number"] == ["身份证号应为 18 位（最后一位可为 X）。"]
