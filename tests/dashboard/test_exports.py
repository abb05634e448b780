from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.dashboard import selectors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", selectors.SECTION_KEYS)
def test_every_section_exports_its_figures_to_excel(client, leader_a, scene_a, key):
    client.force_login(leader_a)
    response = client.get(reverse("dashboard:export", args=[key]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    data = client.get(reverse("dashboard:index")).context["data"]
    section = next(s for s in data["sections"] if s["key"] == key)
    assert len(book.worksheets) == 1 + len(section["tables"])
    kpis = {row[0]: row[1] for row in book.worksheets[0].iter_rows(min_row=6, values_only=True)}
    assert kpis == {k["label"]: k["value"] for k in section["kpis"]}


def test_the_register_export_counts_only_the_users_district(client, leader_a, scene_a, scene_b):
    client.force_login(leader_a)
    response = client.get(reverse("dashboard:export", args=["register"]))
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    kpis = {row[0]: row[1] for row in sheet.iter_rows(min_row=6, values_only=True)}
    assert kpis["在册离退休干部"] == scene_a["total"]


def test_an_unknown_section_is_404(client, leader_a):
    client.force_login(leader_a)
    assert client.get(reverse("dashboard:export", args=["salaries"])).status_code == 404


def test_secretaries_cannot_export(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("dashboard:export", args=["register"])).status_code == 404
