"""apps.core.dates: the one module of month/quarter arithmetic and birthdays."""

from datetime import date

import pytest

from apps.core import dates


def test_a_29_february_birthday_falls_on_28_february_in_a_common_year():
    assert dates.birthday_in_year(date(1956, 2, 29), 2026) == date(2026, 2, 28)
    assert dates.birthday_at_age(date(1956, 2, 29), 70) == date(2026, 2, 28)


def test_a_29_february_birthday_stays_on_29_february_in_a_leap_year():
    assert dates.birthday_in_year(date(1948, 2, 29), 2028) == date(2028, 2, 29)
    assert dates.birthday_at_age(date(1948, 2, 29), 80) == date(2028, 2, 29)


def test_ages_agree_with_birthdays_someone_born_on_29_february_turns_70_on_28_february():
    # years_ago is the age filter's bound: born on or before it = aged >= 70 that day.
    assert dates.years_ago(date(2026, 2, 28), 70) == date(1956, 2, 28)
    assert date(1956, 2, 29) > dates.years_ago(date(2026, 2, 27), 70)
    assert dates.years_ago(date(2028, 2, 29), 80) == date(1948, 2, 29)


def test_the_cadres_app_and_the_dashboard_use_the_same_29_february_rule():
    from apps.cadres.models import years_ago
    from apps.dashboard.sections import _birthday

    assert years_ago is dates.years_ago
    assert _birthday(date(1956, 2, 29), 70) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 1)),
        (date(2026, 12, 15), 1, date(2027, 1, 1)),
        (date(2026, 1, 15), -1, date(2025, 12, 1)),
        (date(2026, 3, 1), -14, date(2025, 1, 1)),
    ],
)
def test_adding_months_lands_on_the_first_of_the_month(day, months, expected):
    assert dates.add_months(day, months) == expected


def test_months_between_counts_calendar_months_either_way():
    assert dates.months_between(date(2025, 11, 30), date(2026, 2, 1)) == 3
    assert dates.months_between(date(2026, 2, 1), date(2025, 11, 30)) == -3


def test_quarters_start_end_and_are_labelled_in_chinese():
    assert dates.quarter_start(date(2026, 8, 31)) == date(2026, 7, 1)
    assert dates.quarter_end(date(2026, 8, 31)) == date(2026, 9, 30)
    assert dates.quarter_label(date(2026, 11, 2)) == "2026年第4季度"


def test_period_bounds_of_month_quarter_and_year():
    assert dates.period_bounds("month", date(2028, 2, 10)) == (
        date(2028, 2, 1),
        date(2028, 2, 29),
        "2028-02",
    )
    assert dates.period_bounds("quarter", date(2026, 5, 5)) == (
        date(2026, 4, 1),
        date(2026, 6, 30),
        "2026Q2",
    )
    assert dates.period_bounds("year", date(2026, 5, 5)) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
        "2026",
    )
