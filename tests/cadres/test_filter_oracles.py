"""A field a role may not see, it may not filter, search or sort by either: a list of names
filtered by `?hardship=1` says who is in hardship (DESIGN.md). For users without
`cadres.view_sensitive` the register's filters on health, living situation, relocation and
hardship, the 困难 library and ID-digit search do nothing but say so."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.cadres.models import Cadre
from tests.branches.factories import MembershipFactory, PartyBranchFactory, PartyMemberFactory
from tests.factories import CadreFactory
from tests.volunteers.factories import TeamFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

HIDDEN_FILTERS = [
    {"hardship": "1"},
    {"health": Cadre.Health.DISABLED},
    {"living_situation": Cadre.Living.ALONE},
    {"relocated": "1"},
    {"library": "hardship"},
]
NOT_ALLOWED = ["leader_a", "secretary", "team_leader"]


@pytest.fixture
def pair(district_a, secretary, team_leader):
    """Two cadres both reachable by every role of district A: one with every hidden condition,
    one with none."""
    branch = PartyBranchFactory(unit=district_a, secretary=secretary)
    team = TeamFactory(unit=district_a, leader=team_leader)
    marked = PartyMemberFactory(
        unit=district_a,
        name="甲困难",
        hardship=True,
        health=Cadre.Health.DISABLED,
        living_situation=Cadre.Living.ALONE,
        relocated=True,
        relocated_place="海口",
    )
    plain = PartyMemberFactory(unit=district_a, name="乙平常")
    for cadre in (marked, plain):
        MembershipFactory(branch=branch, cadre=cadre)
        VolunteerFactory(cadre=cadre, teams=[team])
    return marked, plain


def _names(response) -> set[str]:
    return {c.name for c in response.context["page_obj"]}


@pytest.mark.parametrize("role", NOT_ALLOWED)
@pytest.mark.parametrize("params", HIDDEN_FILTERS, ids=lambda p: next(iter(p)))
def test_a_hidden_field_filter_lists_everyone_with_a_message(client, request, pair, role, params):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("cadres:list"), params)
    assert _names(response) == {"甲困难", "乙平常"}
    assert "您的角色不能按以下条件查询，已忽略" in response.content.decode()


@pytest.mark.parametrize("role", NOT_ALLOWED)
@pytest.mark.parametrize("params", HIDDEN_FILTERS, ids=lambda p: next(iter(p)))
def test_a_hidden_field_filter_does_not_narrow_the_export(client, request, pair, role, params):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("cadres:export"), params)
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert {r[0] for r in rows[1:]} == {"甲困难", "乙平常"}


@pytest.mark.parametrize("params", HIDDEN_FILTERS, ids=lambda p: next(iter(p)))
def test_staff_filter_by_the_same_fields(client, staff_a, pair, params):
    client.force_login(staff_a)
    assert _names(client.get(reverse("cadres:list"), params)) == {"甲困难"}


def test_leadership_are_not_offered_the_hidden_filters_or_the_hardship_library(
    client, leader_a, pair
):
    client.force_login(leader_a)
    response = client.get(reverse("cadres:list"))
    form_fields = set(response.context["filter"].form.fields)
    assert not form_fields & {"hardship", "health", "living_situation", "relocated"}
    assert {"q", "unit", "retirement_kind", "age_band"} <= form_fields
    assert "?library=hardship" not in response.content.decode()
    assert "?library=leaders" in response.content.decode()


def test_staff_are_offered_the_hidden_filters(client, staff_a, pair):
    client.force_login(staff_a)
    response = client.get(reverse("cadres:list"))
    assert {"hardship", "health"} <= set(response.context["filter"].form.fields)
    assert "?library=hardship" in response.content.decode()


@pytest.mark.parametrize("role", NOT_ALLOWED)
def test_id_digits_are_ignored_for_a_role_that_sees_ids_masked(client, request, pair, role):
    marked, _ = pair
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("cadres:list"), {"q": marked.id_number[-6:]})
    # the digits are ignored (with a message), so the answer does not depend on them
    assert _names(response) == {"甲困难", "乙平常"}
    assert "身份证号后几位" in response.content.decode()


def test_id_digit_search_cannot_rebuild_a_masked_number_digit_by_digit(client, leader_a, pair):
    marked, _ = pair
    client.force_login(leader_a)
    tail = marked.id_number[-4:]
    wrong = f"{(int(marked.id_number[-5]) + 1) % 10}{tail}"
    right = client.get(reverse("cadres:list"), {"q": marked.id_number[-5:]})
    other = client.get(reverse("cadres:list"), {"q": wrong})
    assert _names(right) == _names(other)


def test_staff_still_find_a_cadre_by_the_last_id_digits(client, staff_a, pair):
    marked, _ = pair
    client.force_login(staff_a)
    response = client.get(reverse("cadres:list"), {"q": marked.id_number[-6:]})
    assert _names(response) == {"甲困难"}


def test_leadership_still_search_by_name_and_initials(client, leader_a, district_a):
    CadreFactory(unit=district_a, name="张建国")
    CadreFactory(unit=district_a, name="李秀英")
    client.force_login(leader_a)
    assert _names(client.get(reverse("cadres:list"), {"q": "zjg"})) == {"张建国"}
    assert _names(client.get(reverse("cadres:list"), {"q": "秀英"})) == {"李秀英"}


def test_a_stored_campaign_filter_on_hardship_still_reads_back_for_staff(staff_a):
    from apps.cadres.filters import CadreFilter

    filterset = CadreFilter(data={"hardship": "1"}, queryset=Cadre.objects.none(), user=staff_a)
    assert filterset.form.is_valid() and not filterset.refused
