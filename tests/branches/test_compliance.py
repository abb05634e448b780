from datetime import date

import pytest

from apps.branches.models import ComplianceRule, PartyBranch
from apps.branches.selectors import compliance

from .factories import BranchActivityFactory, PartyBranchFactory

AS_OF = date(2026, 11, 24)


def full_quarter(branch, start_month: int, year: int = 2026):
    for month in range(start_month, start_month + 3):
        BranchActivityFactory(branch=branch, kind="committee", held_on=date(year, month, 10))
        BranchActivityFactory(branch=branch, kind="group_meeting", held_on=date(year, month, 11))
    BranchActivityFactory(
        branch=branch, kind="general_meeting", held_on=date(year, start_month, 12)
    )
    BranchActivityFactory(branch=branch, kind="lecture", held_on=date(year, start_month, 13))


def rows_for(branch, start, end=None, as_of=AS_OF):
    qs = PartyBranch.objects.filter(pk=branch.pk)
    return {r.quarter: r for r in compliance(qs, start=start, end=end or start, as_of=as_of)}


def test_a_quarter_with_every_threshold_met_is_compliant(db):
    branch = PartyBranchFactory()
    full_quarter(branch, 4)
    row = rows_for(branch, date(2026, 4, 1))[date(2026, 4, 1)]
    assert row.status == "compliant"
    assert row.activities == 8


def test_a_month_without_a_committee_meeting_fails_the_quarter(db):
    branch = PartyBranchFactory()
    full_quarter(branch, 4)
    branch.activities.filter(kind="committee", held_on__month=5).delete()
    BranchActivityFactory(branch=branch, kind="committee", held_on=date(2026, 6, 20))
    row = rows_for(branch, date(2026, 4, 1))[date(2026, 4, 1)]
    assert row.status == "not_compliant"
    assert [r.kind for r in row.missing] == ["committee"]


def test_activity_on_31_march_counts_for_the_first_quarter_not_the_second(db):
    branch = PartyBranchFactory()
    BranchActivityFactory(branch=branch, kind="lecture", held_on=date(2026, 3, 31))
    rows = rows_for(branch, date(2026, 1, 1), date(2026, 4, 1))
    lecture = {q: next(r for r in row.rules if r.kind == "lecture") for q, row in rows.items()}
    assert lecture[date(2026, 1, 1)].count == 1
    assert lecture[date(2026, 4, 1)].count == 0


def test_activity_on_1_april_counts_for_the_second_quarter(db):
    branch = PartyBranchFactory()
    BranchActivityFactory(branch=branch, kind="lecture", held_on=date(2026, 4, 1))
    rows = rows_for(branch, date(2026, 1, 1), date(2026, 4, 1))
    lecture = {q: next(r for r in row.rules if r.kind == "lecture") for q, row in rows.items()}
    assert (lecture[date(2026, 1, 1)].count, lecture[date(2026, 4, 1)].count) == (0, 1)


def test_raising_a_threshold_in_data_changes_the_result(db):
    branch = PartyBranchFactory()
    full_quarter(branch, 4)
    ComplianceRule.objects.filter(kind="lecture").update(min_count=2)
    row = rows_for(branch, date(2026, 4, 1))[date(2026, 4, 1)]
    assert row.status == "not_compliant"
    assert [r.kind for r in row.missing] == ["lecture"]


def test_a_rule_switched_off_in_data_is_not_required(db):
    branch = PartyBranchFactory()
    full_quarter(branch, 4)
    branch.activities.filter(kind="general_meeting").delete()
    ComplianceRule.objects.filter(kind="general_meeting").update(is_active=False)
    assert rows_for(branch, date(2026, 4, 1))[date(2026, 4, 1)].status == "compliant"


def test_a_new_rule_row_adds_a_requirement(db):
    branch = PartyBranchFactory()
    full_quarter(branch, 4)
    ComplianceRule.objects.create(kind="theme_day", period="month", min_count=1)
    row = rows_for(branch, date(2026, 4, 1))[date(2026, 4, 1)]
    assert [r.kind for r in row.missing] == ["theme_day"]


def test_the_current_quarter_unmet_is_in_progress(db):
    branch = PartyBranchFactory()
    row = rows_for(branch, date(2026, 10, 1))[date(2026, 10, 1)]
    assert row.status == "in_progress"


def test_quarters_after_the_as_of_day_are_left_out(db):
    branch = PartyBranchFactory()
    rows = rows_for(branch, date(2026, 1, 1), date(2027, 12, 31))
    assert max(rows) == date(2026, 10, 1)


def test_a_branch_founded_mid_quarter_needs_only_the_months_since(db):
    branch = PartyBranchFactory(founded_on=date(2026, 5, 15))
    for month in (5, 6):
        BranchActivityFactory(branch=branch, kind="committee", held_on=date(2026, month, 20))
        BranchActivityFactory(branch=branch, kind="group_meeting", held_on=date(2026, month, 21))
    BranchActivityFactory(branch=branch, kind="general_meeting", held_on=date(2026, 6, 1))
    BranchActivityFactory(branch=branch, kind="lecture", held_on=date(2026, 6, 2))
    rows = rows_for(branch, date(2026, 1, 1), date(2026, 4, 1))
    assert list(rows) == [date(2026, 4, 1)]
    assert rows[date(2026, 4, 1)].status == "compliant"


@pytest.mark.django_db
def test_compliance_for_many_branches_and_years_runs_in_bounded_queries(
    district_a, django_assert_max_num_queries
):
    branches = PartyBranchFactory.create_batch(30, unit=district_a)
    for i, branch in enumerate(branches):
        BranchActivityFactory(branch=branch, held_on=date(2024 + i % 3, 1 + i % 12, 5))
    with django_assert_max_num_queries(3):
        rows = compliance(
            PartyBranch.objects.filter(unit=district_a),
            start=date(2024, 1, 1),
            end=date(2026, 12, 31),
            as_of=AS_OF,
        )
    assert len(rows) == 30 * 12


def test_a_general_branch_without_direct_members_is_not_counted(db):
    general = PartyBranchFactory(kind=PartyBranch.Kind.GENERAL)
    PartyBranchFactory(unit=general.unit, parent=general)
    qs = PartyBranch.objects.filter(unit=general.unit)
    rows = compliance(qs, start=date(2026, 7, 1), end=date(2026, 7, 1), as_of=AS_OF)
    assert [r.branch_id for r in rows] != [] and general.pk not in [r.branch_id for r in rows]


def test_a_general_branch_with_direct_members_is_still_counted(db):
    from .factories import MembershipFactory

    general = PartyBranchFactory(kind=PartyBranch.Kind.GENERAL)
    MembershipFactory(branch=general)
    rows = rows_for(general, date(2026, 7, 1))
    assert rows[date(2026, 7, 1)].status == "not_compliant"
