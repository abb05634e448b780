from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from apps.branches.selectors import medal_eligible
from apps.branches.services import political_birthdays_remind
from apps.notifications.models import Reminder

from .factories import MembershipFactory, PartyMemberFactory


def test_this_months_political_birthdays_are_listed(client, secretary, branch):
    nov = MembershipFactory(branch=branch, cadre__party_joined_on=date(1970, 11, 3))
    MembershipFactory(branch=branch, cadre__party_joined_on=date(1970, 12, 3))
    client.force_login(secretary)
    response = client.get(reverse("branches:birthdays", args=[branch.pk]) + "?month=2026-11")
    assert [m.cadre_id for m in response.context["rows"]] == [nov.cadre_id]
    assert response.context["rows"][0].party_years == 56


def test_the_birthday_reminder_job_twice_reminds_the_secretary_once(secretary, branch):
    MembershipFactory(branch=branch, cadre__party_joined_on=date(1970, 11, 3))
    MembershipFactory(branch=branch, cadre__party_joined_on=date(1975, 11, 20))
    assert political_birthdays_remind(on=date(2026, 11, 1)) == 1
    assert political_birthdays_remind(on=date(2026, 11, 2)) == 0
    reminder = Reminder.objects.get(recipient=secretary)
    assert "2 位党员" in reminder.subject


def test_medal_eligibility_is_fifty_years_by_1_july(staff_a, district_a):
    on_time = PartyMemberFactory(unit=district_a, party_joined_on=date(1976, 7, 1))
    PartyMemberFactory(unit=district_a, party_joined_on=date(1976, 7, 2))
    assert [c.pk for c in medal_eligible(staff_a, year=2026)] == [on_time.pk]


def test_medal_list_excludes_the_deceased(staff_a, district_a):
    PartyMemberFactory(
        unit=district_a,
        party_joined_on=date(1960, 1, 1),
        status="deceased",
        deceased_on=date(2025, 1, 1),
    )
    assert not medal_eligible(staff_a, year=2026).exists()


def test_medal_list_exports_to_excel_within_scope(client, staff_a, district_a, district_b):
    PartyMemberFactory(unit=district_a, name="张建国", party_joined_on=date(1960, 1, 1))
    PartyMemberFactory(unit=district_b, name="李秀英", party_joined_on=date(1960, 1, 1))
    client.force_login(staff_a)
    response = client.get(reverse("branches:medal") + "?year=2026&format=xlsx")
    sheet = load_workbook(__import__("io").BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["张建国"]


def test_medal_page_queries_are_bounded(client, staff_a, district_a, django_assert_max_num_queries):
    for _ in range(15):
        PartyMemberFactory(unit=district_a, party_joined_on=date(1960, 1, 1))
    client.force_login(staff_a)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("branches:medal") + "?year=2026")
    assert response.context["page_obj"].paginator.count == 15


def test_birthday_list_queries_are_bounded(
    client, secretary, branch, django_assert_max_num_queries
):
    for day in range(1, 16):
        MembershipFactory(branch=branch, cadre__party_joined_on=date(1970, 11, day))
    client.force_login(secretary)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("branches:birthdays", args=[branch.pk]) + "?month=2026-11")
    assert len(response.context["rows"]) == 15
