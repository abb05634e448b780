from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.volunteers.models import Volunteer
from tests.branches.factories import MembershipFactory
from tests.factories import CadreFactory
from tests.visits.factories import VisitFactory
from tests.volunteers.factories import TeamFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(district_a):
    membership = MembershipFactory(branch__unit=district_a, branch__name="东城第一支部")
    return membership.cadre


def test_the_card_of_a_cadre_in_another_district_is_404(client, staff_b, member):
    client.force_login(staff_b)
    assert client.get(reverse("dashboard:cadre_card", args=[member.pk])).status_code == 404


def test_secretaries_get_404_for_the_card_even_of_their_members(client, secretary, member):
    branch = member.memberships.get().branch
    branch.secretary = secretary
    branch.save(update_fields=["secretary"])
    client.force_login(secretary)
    assert client.get(reverse("dashboard:cadre_card", args=[member.pk])).status_code == 404


def test_leadership_see_the_id_number_masked_and_no_address(client, leader_a, member):
    client.force_login(leader_a)
    content = client.get(reverse("dashboard:cadre_card", args=[member.pk])).content.decode()
    assert member.id_number not in content
    assert member.id_number[:4] + "*" in content
    assert member.address not in content


def test_staff_with_the_permission_see_the_id_number_whole(client, staff_a, member):
    client.force_login(staff_a)
    content = client.get(reverse("dashboard:cadre_card", args=[member.pk])).content.decode()
    assert member.id_number in content


def test_the_card_shows_branch_standing_time_bank_and_visits(client, staff_a, member, district_a):
    volunteer = VolunteerFactory(cadre=member, teams=[TeamFactory(unit=district_a)])
    Volunteer.objects.filter(pk=volunteer.pk).update(time_balance=Decimal("12.5"))
    today = timezone.localdate()
    VisitFactory(cadre=member, status="done", done_on=today, due_date=today, title="春节慰问")
    VisitFactory(cadre=member, status="overdue", due_date=date(today.year, 1, 2), title="生日")
    client.force_login(staff_a)
    response = client.get(reverse("dashboard:cadre_card", args=[member.pk]))
    card = response.context["card"]
    assert card["party"]["membership"].branch.name == "东城第一支部"
    assert card["volunteer"]["volunteer"].time_balance == Decimal("12.5")
    assert card["visits"]["counts"] == {"done": 1, "open": 1, "overdue": 1}
    assert "春节慰问" in response.content.decode()


def test_a_non_member_card_says_so_without_a_party_section(client, staff_a, district_a):
    cadre = CadreFactory(unit=district_a)
    client.force_login(staff_a)
    response = client.get(reverse("dashboard:cadre_card", args=[cadre.pk]))
    assert response.context["card"]["party"] is None
    assert response.context["card"]["volunteer"] is None


def test_the_cadre_page_links_to_the_card(client, staff_a, member):
    client.force_login(staff_a)
    response = client.get(reverse("cadres:detail", args=[member.pk]))
    assert reverse("dashboard:cadre_card", args=[member.pk]) in response.content.decode()


def test_the_card_is_printable_on_a4(client, staff_a, member):
    client.force_login(staff_a)
    content = client.get(reverse("dashboard:cadre_card", args=[member.pk])).content.decode()
    assert "dashboard/dashboard.css" in content
    assert "data-print" in content


def test_the_card_runs_a_bounded_number_of_queries(
    client, staff_a, member, district_a, django_assert_max_num_queries
):
    VolunteerFactory(cadre=member, teams=[TeamFactory(unit=district_a)])
    for n in range(5):
        VisitFactory(cadre=member, due_date=date(2026, 1, 1 + n))
    client.force_login(staff_a)
    # a fixed handful per section (register, party, volunteering, visits, plans, subsidies,
    # requests) plus session, user and nav: not one per visit, payment or team
    with django_assert_max_num_queries(25):
        client.get(reverse("dashboard:cadre_card", args=[member.pk]))


def test_the_card_lists_entitlements_and_the_last_payments(client, staff_a, member):
    from tests.dashboard.factories import subsidy_paid

    subsidy_paid(member, month=date(2026, 9, 1), amount="300.00")
    subsidy_paid(member, month=date(2026, 10, 1), amount="300.00")
    client.force_login(staff_a)
    response = client.get(reverse("dashboard:cadre_card", args=[member.pk]))
    support = response.context["card"]["support"]
    assert [p.month for p in support["payments"]] == [date(2026, 10, 1), date(2026, 9, 1)]
    assert support["entitlements"][0].monthly_amount == Decimal("300.00")
