"""Dates of the bureau's occasions: lunar festivals (lunar_python), birthdays, periods."""

import calendar
from datetime import date

from lunar_python import Lunar


def festival_date(*, calendar_kind: str, month: int, day: int, year: int) -> date | None:
    """The solar date of a festival in solar year `year`; None if it has no date that year.

    A lunar festival of the 12th month (除夕, 腊八) falls in the next solar year, so the lunar
    year is tried on both sides and the one landing in `year` is kept.
    """
    if calendar_kind == "solar":
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for lunar_year in (year, year - 1):
        try:
            solar = Lunar.fromYmd(lunar_year, month, day).getSolar()
        except Exception:  # noqa: BLE001, S112 - lunar_python raises bare Exception for a missing 30th
            continue
        found = date(solar.getYear(), solar.getMonth(), solar.getDay())
        if found.year == year:
            return found
    return None


def period_bounds(period: str, on: date) -> tuple[date, date, str]:
    """(first day, last day, label) of the month / quarter / year containing `on`."""
    if period == "month":
        last = calendar.monthrange(on.year, on.month)[1]
        return date(on.year, on.month, 1), date(on.year, on.month, last), f"{on:%Y-%m}"
    if period == "quarter":
        q = (on.month - 1) // 3
        start = date(on.year, q * 3 + 1, 1)
        end_month = q * 3 + 3
        end = date(on.year, end_month, calendar.monthrange(on.year, end_month)[1])
        return start, end, f"{on.year}Q{q + 1}"
    return date(on.year, 1, 1), date(on.year, 12, 31), f"{on.year}"


def birthday_in_year(birth: date, year: int) -> date:
    """The birthday celebrated in `year`. A 29 February birthday in a common year is kept on
    28 February (the last day of the birth month, as PostgreSQL's date + interval does and as
    cadres.models.years_ago counts age), so the visit is never pushed into March."""
    try:
        return birth.replace(year=year)
    except ValueError:
        return date(year, 2, 28)
