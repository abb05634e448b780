from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.branches.models import PartyBranch
from apps.branches.selectors import attendance_rates, monthly_ranking

from .factories import (
    AttendanceFactory,
    BranchActivityFactory,
    MembershipFactory,
    PartyBranchFactory,
    PartyMemberFactory,
)


def sheet_rows(response):
    sheet = load_workbook(BytesIO(response.content)).active
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_unorganised_lists_party_members_in_no_branch(client, staff_a, district_a, branch):
    loose = PartyMemberFactory(unit=district_a)
    MembershipFactory(branch=branch, cadre=PartyMemberFactory(unit=district_a))
    moved_out = MembershipFactory(branch=branch, left_on=date(2026, 1, 1))
    client.force_login(staff_a)
    response = client.get(reverse("branches:report_unorganised"))
    assert {c.pk for c in response.context["page_obj"]} == {loose.pk, moved_out.cadre_id}


def test_unorganised_leaves_out_other_districts(client, staff_a, district_b):
    PartyMemberFactory(unit=district_b)
    client.force_login(staff_a)
    response = client.get(reverse("branches:report_unorganised") + "?format=xlsx")
    assert sheet_rows(response) == []


def test_unorganised_export_has_no_id_numbers(client, leader, district_a):
    cadre = PartyMemberFactory(unit=district_a)
    client.force_login(leader)
    rows = sheet_rows(client.get(reverse("branches:report_unorganised") + "?format=xlsx"))
    assert rows[0][:2] == (cadre.name, district_a.name)
    assert all(cadre.id_number not in str(cell) for cell in rows[0])


def test_branches_without_activity_for_90_days_are_listed(client, staff_a, district_a):
    today = timezone.localdate()
    quiet = PartyBranchFactory(unit=district_a)
    BranchActivityFactory(branch=quiet, held_on=today - timedelta(days=91))
    never = PartyBranchFactory(unit=district_a)
    busy = PartyBranchFactory(unit=district_a)
    BranchActivityFactory(branch=busy, held_on=today - timedelta(days=5))
    client.force_login(staff_a)
    response = client.get(reverse("branches:report_inactive"))
    assert [b.pk for b in response.context["page_obj"]] == [never.pk, quiet.pk]


def test_attendance_rate_counts_present_over_expected(db, district_a):
    branch = PartyBranchFactory(unit=district_a)
    activity = BranchActivityFactory(branch=branch, held_on=date(2026, 5, 1))
    AttendanceFactory.create_batch(3, activity=activity, status="present")
    AttendanceFactory(activity=activity, status="excused")
    row = attendance_rates(
        PartyBranch.objects.filter(pk=branch.pk), start=date(2026, 1, 1), end=date(2026, 12, 31)
    ).get()
    assert (row.n_activities, row.n_expected, row.n_present, row.rate) == (1, 4, 3, 75.0)


def test_monthly_ranking_puts_the_branch_meeting_more_rules_first(db, district_a):
    good, poor = PartyBranchFactory(unit=district_a), PartyBranchFactory(unit=district_a)
    for kind in ("committee", "group_meeting", "lecture"):
        BranchActivityFactory(branch=good, kind=kind, held_on=date(2026, 5, 10))
    BranchActivityFactory(branch=poor, kind="committee", held_on=date(2026, 5, 10))
    ranked = monthly_ranking(PartyBranch.objects.filter(unit=district_a), month=date(2026, 5, 1))
    assert [(b.pk, b.rank, b.score) for b in ranked] == [(good.pk, 1, 75), (poor.pk, 2, 25)]


def test_compliance_report_exports_only_the_users_scope(client, staff_b, branch, other_branch):
    client.force_login(staff_b)
    response = client.get(
        reverse("branches:report_compliance") + "?year=2026&quarter=1&format=xlsx"
    )
    assert [row[1] for row in sheet_rows(response)] == [other_branch.name]


@pytest.mark.parametrize(
    "name",
    [
        "report_compliance",
        "report_unorganised",
        "report_inactive",
        "report_attendance",
        "report_ranking",
    ],
)
def test_report_pages_run_in_bounded_queries(
    client, leader, district_a, name, django_assert_max_num_queries
):
    for _ in range(15):
        branch = PartyBranchFactory(unit=district_a)
        activity = BranchActivityFactory(branch=branch, held_on=date(2026, 3, 3))
        AttendanceFactory(activity=activity)
        PartyMemberFactory(unit=district_a)
    client.force_login(leader)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"branches:{name}") + "?year=2026&month=2026-03")
    assert response.context["page_obj"].paginator.count >= 15


@pytest.mark.parametrize(
    "name",
    [
        "report_compliance",
        "report_unorganised",
        "report_inactive",
        "report_attendance",
        "report_ranking",
    ],
)
def test_every_report_exports_to_excel(client, leader, branch, name):
    client.force_login(leader)
    response = client.get(reverse(f"branches:{name}") + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(BytesIO(response.content)).active.max_row >= 1
