from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.volunteers import selectors
from apps.volunteers.models import ServiceRecord, VolunteerTeam

from .factories import ActivityFactory, RecordFactory, TeamFactory, VolunteerFactory, field_named

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 15)


def _activity(team, day, people_hours, *, beneficiaries=10, field="政策宣讲", status="confirmed"):
    activity = ActivityFactory(
        team=team, date=day, beneficiaries=beneficiaries, field=field_named(field)
    )
    for volunteer, hours in people_hours:
        RecordFactory(activity=activity, volunteer=volunteer, hours=Decimal(hours), status=status)
    return activity


@pytest.fixture
def history(team_a, team_b):
    (ta, (a1, a2, a3)), (tb, (b1, b2)) = team_a, team_b
    _activity(ta, JAN, [(a1, "2"), (a2, "3")], beneficiaries=20)
    _activity(ta, FEB, [(a1, "4"), (a3, "1")], beneficiaries=5, field="环境保护")
    _activity(ta, FEB, [(a2, "6")], beneficiaries=1, status="pending")
    _activity(tb, MAR, [(b1, "2.5"), (b2, "2.5")], beneficiaries=7)
    return ta, tb


def _row(report, key):
    return next(r for r in report.rows if r.key == key)


def test_team_report_sums_confirmed_hours_activities_and_beneficiaries(bureau_staff, history):
    ta, tb = history
    report = selectors.team_report(user=bureau_staff, start=JAN, end=MAR)
    a = _row(report, ta.pk)
    assert (a.activities, a.beneficiaries, a.participants, a.participations, a.hours) == (
        3,
        26,
        3,
        4,
        Decimal("10"),
    )
    assert _row(report, tb.pk).hours == Decimal("5")
    assert (report.total.hours, report.total.participants) == (Decimal("15"), 5)


def test_pending_and_rejected_hours_do_not_count(bureau_staff, history):
    ServiceRecord.objects.filter(hours=Decimal("2.5")).update(
        status="rejected", reject_reason="重复"
    )
    report = selectors.team_report(user=bureau_staff, start=JAN, end=MAR)
    assert _row(report, history[1].pk).hours == 0


def test_two_periods_add_up_to_the_whole(bureau_staff, history):
    whole = selectors.team_report(user=bureau_staff, start=JAN, end=MAR).total
    first = selectors.team_report(user=bureau_staff, start=JAN, end=date(2026, 1, 31)).total
    rest = selectors.team_report(user=bureau_staff, start=date(2026, 2, 1), end=MAR).total
    assert first.hours + rest.hours == whole.hours == Decimal("15")
    assert first.activities + rest.activities == whole.activities == 4
    assert first.beneficiaries + rest.beneficiaries == whole.beneficiaries == 33


def test_field_report_groups_by_service_field(bureau_staff, history):
    report = selectors.field_report(user=bureau_staff, start=JAN, end=MAR)
    by_name = {r.name: r for r in report.rows}
    assert by_name["政策宣讲"].hours == Decimal("10")
    assert by_name["环境保护"].hours == Decimal("5")
    assert by_name["环境保护"].activities == 1


def test_team_leader_report_covers_only_their_team(team_leader, history):
    report = selectors.team_report(user=team_leader, start=JAN, end=MAR)
    assert [r.key for r in report.rows] == [history[0].pk]
    assert report.total.hours == Decimal("10")


def test_top_volunteers_are_ordered_by_confirmed_hours(bureau_staff, team_a, history):
    top = selectors.top_volunteers(user=bureau_staff, start=JAN, end=MAR)
    assert [t["volunteer"] for t in top[:1]] == [team_a[1][0].pk]
    assert top[0]["hours"] == Decimal("6")


def test_report_page_queries_stay_bounded_with_many_teams(
    client, district_a, bureau_staff, history, django_assert_max_num_queries
):
    for _ in range(25):
        team = TeamFactory(unit=district_a)
        volunteer = VolunteerFactory(cadre__unit=district_a, teams=[team])
        _activity(team, FEB, [(volunteer, "1")])
    client.force_login(bureau_staff)
    with django_assert_max_num_queries(14):
        response = client.get(
            reverse("volunteers:report"), {"start": "2026-01-01", "end": "2026-03-31"}
        )
    assert response.context["teams"].total.activities == 29


def test_team_report_selector_uses_a_fixed_number_of_queries(
    district_a, bureau_staff, history, django_assert_max_num_queries
):
    for _ in range(10):
        _activity(TeamFactory(unit=district_a), FEB, [])
    with django_assert_max_num_queries(4):
        selectors.team_report(user=bureau_staff, start=JAN, end=MAR)


def test_excel_export_has_the_same_totals_as_the_page(client, bureau_staff, history):
    client.force_login(bureau_staff)
    response = client.get(
        reverse("volunteers:report_export"), {"start": "2026-01-01", "end": "2026-03-31"}
    )
    book = load_workbook(BytesIO(response.content))
    rows = list(book["按队伍"].iter_rows(values_only=True))
    assert rows[-1][0] == "合计"
    assert rows[-1][6] == 15
    assert {"按队伍", "按服务领域", "服务时长排行"} <= set(book.sheetnames)


def test_excel_export_of_district_staff_leaves_out_other_districts(client, staff_a, history):
    client.force_login(staff_a)
    response = client.get(
        reverse("volunteers:report_export"), {"start": "2026-01-01", "end": "2026-03-31"}
    )
    names = [
        r[0]
        for r in load_workbook(BytesIO(response.content))["按队伍"].iter_rows(
            min_row=3, values_only=True
        )
    ]
    assert names == [history[0].name, "合计"]


def test_report_page_refuses_a_period_that_ends_before_it_starts(client, bureau_staff):
    client.force_login(bureau_staff)
    response = client.get(
        reverse("volunteers:report"), {"start": "2026-03-01", "end": "2026-01-01"}
    )
    assert "开始日期不能晚于结束日期" in response.content.decode()


def test_certificate_states_the_volunteers_confirmed_hours(client, staff_a, team_a, history):
    client.force_login(staff_a)
    response = client.get(reverse("volunteers:certificate", args=[team_a[1][0].pk]))
    html = response.content.decode()
    assert "志愿服务证明" in html
    assert response.context["totals"]["hours"] == Decimal("6")
    assert "@page" not in html and "certificate.css" in html


def test_certificate_for_a_period_counts_only_that_period(client, staff_a, team_a, history):
    client.force_login(staff_a)
    response = client.get(
        reverse("volunteers:certificate", args=[team_a[1][0].pk]),
        {"start": "2026-02-01", "end": "2026-02-28"},
    )
    assert response.context["totals"]["hours"] == Decimal("4")


def test_corps_and_brigade_rows_add_up_the_teams_below_them(bureau_staff, city, team_a, team_b):
    (ta, members_a), (tb, _) = team_a, team_b
    corps = TeamFactory(unit=city, level="corps")
    brigade = TeamFactory(unit=ta.unit, level="brigade", parent=corps)
    VolunteerTeam.objects.filter(pk=ta.pk).update(parent=brigade)
    VolunteerTeam.objects.filter(pk=tb.pk).update(parent=corps)
    _activity(ta, JAN, [(members_a[0], "2")])
    _activity(brigade, JAN, [(members_a[1], "1")])
    _activity(tb, FEB, [(team_b[1][0], "4")])
    report = selectors.team_report(user=bureau_staff, start=JAN, end=MAR)
    assert (
        _row(report, brigade.pk).subtree_activities,
        _row(report, brigade.pk).subtree_hours,
    ) == (2, Decimal("3"))
    assert _row(report, corps.pk).subtree_hours == Decimal("7")
    assert _row(report, ta.pk).subtree_hours is None
    assert report.total.hours == Decimal("7")
