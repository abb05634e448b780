"""Calendar arithmetic shared by every app: months, quarters, periods, ages and birthdays.

One 29 February rule for the whole portal: in a common year a 29 February birthday (or
anniversary) falls on **28 February**, the last day of the birth month. Reasons: a bureau's
整十生日 visit belongs to the month of the birthday (a March date would move it into the next
month's plan, after the person has already turned that age); PostgreSQL's
`birth_date + make_interval(years => n)`, which visit generation uses in SQL, gives the same day;
and ages (`years_ago`) count a person born on 29 February as a year older on 28 February, so the
dashboard's count, its list and the generated visit all agree.
"""

import calendar
from datetime import date


def _same_day_in_year(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year: the last day of February
        return date(year, 2, 28)


def years_ago(day: date, years: int) -> date:
    """`day` moved `years` back (negative: forward). Born on or before it = aged >= `years`."""
    return _same_day_in_year(day, day.year - years)


def birthday_in_year(birth: date, year: int) -> date:
    """The birthday celebrated in `year` (29 February → 28 February in a common year)."""
    return _same_day_in_year(birth, year)


def birthday_at_age(birth: date, age: int) -> date:
    """The day a person born on `birth` turns `age` (周岁)."""
    return _same_day_in_year(birth, birth.year + age)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after (negative: before) `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(a: date, b: date) -> int:
    """Whole calendar months from `a`'s month to `b`'s month (negative if `b` is earlier)."""
    return (b.year - a.year) * 12 + (b.month - a.month)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_start(day: date) -> date:
    return date(day.year, 3 * (quarter_of(day) - 1) + 1, 1)


def quarter_end(day: date) -> date:
    return month_end(date(day.year, 3 * quarter_of(day), 1))


def quarter_label(day: date) -> str:
    return f"{day.year}年第{quarter_of(day)}季度"


def period_bounds(period: str, on: date) -> tuple[date, date, str]:
    """(first day, last day, label) of the month / quarter / year containing `on`."""
    if period == "month":
        return month_start(on), month_end(on), f"{on:%Y-%m}"
    if period == "quarter":
        return quarter_start(on), quarter_end(on), f"{on.year}Q{quarter_of(on)}"
    return date(on.year, 1, 1), date(on.year, 12, 31), f"{on.year}"
