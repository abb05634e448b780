"""Dates of the bureau's festivals (lunar_python). Months, periods and birthdays: apps.core.dates."""

from datetime import date


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
    from lunar_python import Lunar  # ~8 ms, imported when a lunar date is first needed

    for lunar_year in (year, year - 1):
        try:
            solar = Lunar.fromYmd(lunar_year, month, day).getSolar()
        except Exception:  # noqa: BLE001, S112 - lunar_python raises bare Exception for a missing 30th
            continue
        found = date(solar.getYear(), solar.getMonth(), solar.getDay())
        if found.year == year:
            return found
    return None
