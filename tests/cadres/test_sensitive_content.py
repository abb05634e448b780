"""Which of one cadre's personal values each role gets, on the pages this register owns: the
cadre list, the cadre page, the register export and the 一员一卡 card.

One cadre is seeded with a distinctive value for every kind of personal data (ID number, phone,
address, birth date, health, hardship, relocation place, hospital, subsidy amount, bank account)
and every role that can reach her opens every page: the test asserts the exact set of values
found in the response body (or in her row of the exported workbook). Staff see what their work
needs; leadership, secretaries and team leaders see names and units only (DESIGN.md, "Who uses
it"). The bank account is on none of these pages, for anyone (it lives on the payment pages).
The site-wide matrix over every page is tests/e2e/test_content_matrix.py.
"""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.cadres.models import Cadre
from apps.subsidies.models import CadreBankAccount
from apps.visits.models import Occasion, Visit
from tests.branches.factories import MembershipFactory, PartyBranchFactory, PartyMemberFactory
from tests.dashboard.factories import subsidy_paid
from tests.factories import make_id_number
from tests.visits.factories import HospitalizationFactory, VisitFactory
from tests.volunteers.factories import TeamFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

BIRTH = date(1941, 3, 17)
VALUES = {
    "phone": "13912345678",
    "address": "梧桐巷77号",
    "birth_date": "1941-03-17",
    "relocation": "海南省三亚市",
    "hospital": "仁济第九医院",
    "subsidy": "1234.56",
    "bank_account": "6222021234567890123",
}
# How a yes/no or a choice shows on a page: as the value of its row (<dd>), not as a filter
# option or a column title.
HTML_MARKERS = {"health": "失能</dd>", "hardship": "困难</dt>"}
XLSX_MARKERS = {"health": "健康状况=失能", "hardship": "困难=是"}
EVERYTHING = {
    "id_number",
    "phone",
    "address",
    "birth_date",
    "health",
    "hardship",
    "relocation",
    "hospital",
    "subsidy",
}
NOTHING: set[str] = set()

ROLES = ["leader_a", "secretary", "team_leader", "staff_a", "bureau_staff"]
STAFF = {"staff_a", "bureau_staff"}


@pytest.fixture
def seeded(district_a, secretary, team_leader):
    cadre = PartyMemberFactory(
        unit=district_a,
        name="甄秘密",
        gender="F",
        birth_date=BIRTH,
        id_number=make_id_number(BIRTH, "F", seq=123),
        phone=VALUES["phone"],
        address=VALUES["address"],
        health=Cadre.Health.DISABLED,
        living_situation=Cadre.Living.ALONE,
        relocated=True,
        relocated_place=VALUES["relocation"],
        hardship=True,
    )
    MembershipFactory(branch=PartyBranchFactory(unit=district_a, secretary=secretary), cadre=cadre)
    VolunteerFactory(cadre=cadre, teams=[TeamFactory(unit=district_a, leader=team_leader)])
    HospitalizationFactory(cadre=cadre, hospital=VALUES["hospital"], admitted_on=date(2026, 11, 2))
    today = timezone.localdate()
    VisitFactory(
        cadre=cadre,
        occasion=Occasion.HOSPITAL,
        occasion_key="hospital:test",
        title=f"住院探望：{VALUES['hospital']}",
        due_date=today,
        status=Visit.Status.DONE,
        done_on=today,
    )
    subsidy_paid(cadre, month=today.replace(day=1), amount=VALUES["subsidy"])
    CadreBankAccount.objects.create(
        cadre=cadre,
        bank_name="工商银行",
        account_name="甄秘密",
        account_number=VALUES["bank_account"],
    )
    return cadre


def found_in_html(body: str, cadre) -> set[str]:
    values = {**VALUES, "id_number": cadre.id_number}
    found = {key for key, value in values.items() if value in body}
    if "¥1,234.56" in body:  # pages print money through the |money filter
        found.add("subsidy")
    return found | {key for key, marker in HTML_MARKERS.items() if marker in body}


def found_in_export(content: bytes, cadre) -> set[str]:
    rows = list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))
    header, *body = rows
    (row,) = [r for r in body if r[0] == cadre.name]
    text = "|".join(f"{h}={'' if v is None else v}" for h, v in zip(header, row, strict=True))
    values = {**VALUES, "id_number": cadre.id_number}
    found = {key for key, value in values.items() if value in text}
    return found | {key for key, marker in XLSX_MARKERS.items() if marker in text}


def _login(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", ROLES)
def test_the_cadre_page_shows_personal_values_to_staff_only(client, request, seeded, role):
    _login(client, request, role)
    response = client.get(reverse("cadres:detail", args=[seeded.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert seeded.name in body
    expected = EVERYTHING if role in STAFF else NOTHING
    assert found_in_html(body, seeded) == expected


@pytest.mark.parametrize("role", ROLES)
def test_the_cadre_list_shows_the_whole_id_number_to_staff_only(client, request, seeded, role):
    _login(client, request, role)
    body = client.get(reverse("cadres:list")).content.decode()
    assert seeded.name in body
    # the list's row is name, gender, age, ID number, unit, kind, rank, status
    expected = {"id_number"} if role in STAFF else NOTHING
    assert found_in_html(body, seeded) == expected


@pytest.mark.parametrize("role", ROLES)
def test_the_register_export_carries_personal_values_for_staff_only(client, request, seeded, role):
    _login(client, request, role)
    response = client.get(reverse("cadres:export"))
    expected = (
        {"id_number", "phone", "address", "birth_date", "health", "hardship", "relocation"}
        if role in STAFF
        else NOTHING
    )
    assert found_in_export(response.content, seeded) == expected


@pytest.mark.parametrize("role", ["leader_a", "staff_a", "bureau_staff"])
def test_the_card_shows_personal_values_to_staff_only(client, request, seeded, role):
    _login(client, request, role)
    response = client.get(reverse("dashboard:cadre_card", args=[seeded.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert seeded.name in body and seeded.unit.name in body
    expected = EVERYTHING if role in STAFF else NOTHING
    assert found_in_html(body, seeded) == expected


@pytest.mark.parametrize("role", ["secretary", "team_leader"])
def test_secretaries_and_team_leaders_get_no_card_at_all(client, request, seeded, role):
    _login(client, request, role)
    response = client.get(reverse("dashboard:cadre_card", args=[seeded.pk]))
    assert response.status_code == 404
    assert found_in_html(response.content.decode(), seeded) == NOTHING
