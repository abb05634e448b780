"""Year and month query parameters (`?year=2026`, `?month=2026-07`), parsed once for every page.

A value that is not a number, or a year outside what the register can hold (0, -1, 99999),
is never a 500 and never a silent guess: the page shows the default period with a Chinese
warning saying what was ignored.
"""

from datetime import date

from django.contrib import messages

MIN_YEAR = 1900
MAX_YEAR = 2100


def _warn(request, text: str) -> None:
    # Exports and other responses without a message store still get the default period.
    messages.warning(request, text, fail_silently=True)


def year_param(
    request, name: str = "year", *, default: int, low: int = MIN_YEAR, high: int = MAX_YEAR
) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    try:
        year = int(raw.strip())
    except ValueError:
        year = None
    if year is None or not low <= year <= high:
        _warn(
            request, f"年份“{raw[:20]}”无效（应为 {low}–{high} 之间的年份），已显示 {default} 年。"
        )
        return default
    return year


def month_param(
    request, name: str = "month", *, default: date, low: int = MIN_YEAR, high: int = MAX_YEAR
) -> date:
    """The first day of the month named `YYYY-MM`; `default` (a date) when absent or invalid."""
    raw = request.GET.get(name, "")
    default = default.replace(day=1)
    if raw == "":
        return default
    try:
        year, month = (int(part) for part in raw.strip().split("-"))
        if not low <= year <= high:
            raise ValueError(raw)
        return date(year, month, 1)
    except ValueError:
        _warn(
            request,
            f"月份“{raw[:20]}”无效（应为 年-月，如 {default:%Y-%m}），已显示 {default:%Y-%m}。",
        )
        return default


def int_param(request, name: str, *, default: int, low: int, high: int, label: str) -> int:
    """A small bounded integer such as a quarter (1–4)."""
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        _warn(request, f"{label}“{raw[:20]}”无效，已按默认显示。")
        return default
    return value
