from dataclasses import dataclass
from datetime import date, timedelta

from apps.branches import selectors as branch_selectors


@dataclass(frozen=True)
class Window:
    """The dashboard's time frame: the chosen year, read "as of" today for the current year and
    as of 31 December for a past one (this month / this quarter are those of `as_of`)."""

    year: int
    today: date

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def as_of(self) -> date:
        return min(self.today, date(self.year, 12, 31))

    @property
    def month_start(self) -> date:
        return self.as_of.replace(day=1)

    @property
    def month_end(self) -> date:
        nxt = (self.month_start + timedelta(days=32)).replace(day=1)
        return nxt - timedelta(days=1)

    @property
    def quarter_start(self) -> date:
        return branch_selectors.quarter_start(self.as_of)

    @property
    def quarter(self) -> int:
        return (self.as_of.month - 1) // 3 + 1
