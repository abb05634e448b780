"""The dashboard counts, links and lists only by fields the user may see: leadership get no
hardship, health, living or relocation figures, no link to lists filtered by them, no day of a
birthday, and no names behind a hospital visit count. Staff keep all of it."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.cadres.models import Cadre, years_ago
from apps.visits.models import Occasion, Visit
from apps.volunteers.models import TimeBankEntry
from tests.casework.factories import ServicePlanFactory, ServiceRequestFactory
from tests.factories import CadreFactory
from tests.visits.factories import VisitFactory
from tests.volunteers.factories import TeamFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

HIDDEN_PARAMS = ("hardship=", "health=", "living_situation=", "relocated=", "library=hardship")


def _all_urls(data) -> list[str]:
    urls = []
    for section in data["sections"]:
        urls += [k["url"] for k in section["kpis"]]
        urls += [c.get("url") for t in section["tables"] for row in t["rows"] for c in row]
        urls += [u for c in section["charts"] for u in c["urls"]]
    return [u for u in urls if u]


def _labels(data) -> set[str]:
    labels = {k["label"] for s in data["sections"] for k in s["kpis"]}
    labels |= {t["title"] for s in data["sections"] for t in s["tables"]}
    labels |= {h for s in data["sections"] for t in s["tables"] for h in t["headers"]}
    return labels


@pytest.fixture
def hardship_cadre(district_a):
    return CadreFactory(
        unit=district_a,
        hardship=True,
        relocated=True,
        relocated_place="三亚",
        health=Cadre.Health.DISABLED,
    )


def test_leadership_get_no_figure_or_link_by_a_hidden_field(client, leader_a, hardship_cadre):
    client.force_login(leader_a)
    response = client.get(reverse("dashboard:index"))
    data = response.context["data"]
    assert not [u for u in _all_urls(data) if any(p in u for p in HIDDEN_PARAMS)]
    labels = _labels(data)
    assert not labels & {"困难干部", "易地安置", "困难", "按健康状况", "按居住情况", "易地安置人数"}
    assert "在册离退休干部" in labels and "按年龄段" in labels
    assert "困难干部" not in response.content.decode()


def test_staff_get_the_hardship_figure_linked_to_its_list(client, staff_a, hardship_cadre):
    client.force_login(staff_a)
    data = client.get(reverse("dashboard:index")).context["data"]
    kpis = {k["label"]: k for s in data["sections"] for k in s["kpis"]}
    assert kpis["困难干部"]["value"] == 1
    assert "hardship=1" in kpis["困难干部"]["url"]
    assert {"按健康状况", "按居住情况"} <= _labels(data)


def test_the_register_export_of_leadership_has_no_hardship_figure(client, leader_a, hardship_cadre):
    client.force_login(leader_a)
    response = client.get(reverse("dashboard:export", args=["register"]))
    book = load_workbook(BytesIO(response.content))
    text = "|".join(
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
    )
    assert "困难" not in text and "健康状况" not in text and "易地安置" not in text


def test_the_birthdays_export_gives_leadership_no_day(client, leader_a, district_a):
    soon = timezone.localdate() + timedelta(days=10)
    CadreFactory(unit=district_a, name="王八十", birth_date=years_ago(soon, 80))
    client.force_login(leader_a)
    response = client.get(reverse("dashboard:export", args=["birthdays"]))
    rows = [
        r
        for ws in load_workbook(BytesIO(response.content)).worksheets
        for r in ws.iter_rows(values_only=True)
    ]
    named = [r for r in rows if "王八十" in r]
    assert named == [("王八十", 80, district_a.name)]
    assert f"{soon:%m-%d}" not in "|".join(str(v) for r in rows for v in r)


def test_leadership_get_birthdays_by_name_not_by_date(client, leader_a, district_a):
    today = timezone.localdate()
    for name, days, age in (("A九十", 20, 90), ("B八十", 10, 80), ("C七十", 3, 70)):
        CadreFactory(unit=district_a, name=name, birth_date=years_ago(today + timedelta(days), age))
    client.force_login(leader_a)
    data = client.get(reverse("dashboard:index")).context["data"]
    table = next(s for s in data["sections"] if s["key"] == "birthdays")["tables"][0]
    # soonest first would be C, B, A: the order itself would tell the dates
    assert [r[0]["v"] for r in table["rows"]] == ["A九十", "B八十", "C七十"]


@pytest.fixture
def hospital_visit(district_a):
    today = timezone.localdate()
    cadre = CadreFactory(unit=district_a, name="住院者")
    VisitFactory(
        cadre=cadre,
        occasion=Occasion.HOSPITAL,
        occasion_key="hospital:1",
        title="住院探望：仁济第九医院",
        due_date=today,
    )
    VisitFactory(cadre=CadreFactory(unit=district_a, name="过节者"), due_date=today)
    return cadre


def test_the_visits_drill_down_by_hospital_gives_leadership_the_count_only(
    client, leader_a, hospital_visit
):
    client.force_login(leader_a)
    response = client.get(reverse("dashboard:visits"), {"occasion": Occasion.HOSPITAL})
    body = response.content.decode()
    assert "住院者" not in body and "仁济第九医院" not in body
    assert 'data-testid="visit-count">1<' in body
    assert "仅显示人次" in body


def test_the_visits_drill_down_shows_leadership_no_occasion_titles(
    client, leader_a, hospital_visit
):
    client.force_login(leader_a)
    body = client.get(reverse("dashboard:visits")).content.decode()
    assert "住院者" in body and "过节者" in body
    assert "仁济第九医院" not in body and "<th>事由</th>" not in body


def test_staff_get_the_hospital_visits_by_name(client, staff_a, hospital_visit):
    client.force_login(staff_a)
    response = client.get(reverse("dashboard:visits"), {"occasion": Occasion.HOSPITAL})
    body = response.content.decode()
    assert "住院者" in body and "仁济第九医院" in body


def test_the_dashboard_links_leadership_to_no_hospital_drill_down(client, leader_a, hospital_visit):
    client.force_login(leader_a)
    data = client.get(reverse("dashboard:index")).context["data"]
    section = next(s for s in data["sections"] if s["key"] == "visits")
    table = next(t for t in section["tables"] if t["title"] == "本月应访（按事由）")
    rows = {r[0]["v"]: r[1] for r in table["rows"]}
    assert rows["生病住院"] == {"v": 1, "url": None}
    assert "occasion=routine" in rows["日常联系"]["url"]


def test_leadership_and_staff_figures_are_cached_apart(client, leader_a, staff_a, hardship_cadre):
    client.force_login(staff_a)
    client.get(reverse("dashboard:index"))
    client.force_login(leader_a)
    data = client.get(reverse("dashboard:index")).context["data"]
    assert "困难干部" not in _labels(data)


@pytest.fixture
def supported(district_a):
    cadre = CadreFactory(unit=district_a, name="受助者")
    ServicePlanFactory(cadre=cadre, measures="每周陪同透析治疗")
    ServiceRequestFactory(cadre=cadre, content="请求协调肾内科床位")
    volunteer = VolunteerFactory(cadre=cadre, teams=[TeamFactory(unit=district_a)])
    TimeBankEntry.objects.create(
        volunteer=volunteer,
        kind=TimeBankEntry.Kind.DEBIT,
        hours=Decimal("2.00"),
        balance_after=Decimal("0.00"),
        on=date(2026, 11, 3),
        description="兑换上门理发",
    )
    today = timezone.localdate()
    VisitFactory(
        cadre=cadre,
        occasion=Occasion.HOSPITAL,
        occasion_key="hospital:card",
        title="住院探望：仁济第九医院",
        due_date=today,
        status=Visit.Status.DONE,
        done_on=today,
    )
    return cadre


CARD_SECRETS = ("每周陪同透析治疗", "请求协调肾内科床位", "兑换上门理发", "仁济第九医院")


def test_the_card_gives_leadership_counts_not_measures_requests_ledger_or_visit_titles(
    client, leader_a, supported
):
    client.force_login(leader_a)
    body = client.get(reverse("dashboard:cadre_card", args=[supported.pk])).content.decode()
    assert [s for s in CARD_SECRETS if s in body] == []
    assert "服务方案（一人一策）1 份" in body and "急难愁盼诉求 1 件" in body
    assert "已走访 1 次" in body


def test_the_card_gives_staff_measures_requests_ledger_and_visit_titles(client, staff_a, supported):
    client.force_login(staff_a)
    body = client.get(reverse("dashboard:cadre_card", args=[supported.pk])).content.decode()
    assert [s for s in CARD_SECRETS if s in body] == list(CARD_SECRETS)
