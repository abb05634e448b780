"""Building blocks of the dashboard's figures: links to the filtered lists behind them (drill-down),
and the shape every section shares, so the page, the large screen and the Excel export all read
one structure.

A section is a plain dict (it is cached in Redis and serialised into the page as JSON):

    {"key": "register", "title": "...", "note": "...",
     "kpis": [{"label": "...", "value": 12, "url": "/cadres/?..."}],
     "tables": [{"title": "...", "headers": [...], "rows": [[{"v": "离休"}, {"v": 3, "url": ...}]]}],
     "charts": [{"id": "...", "type": "pie"|"bar", "title": "...", "labels": [...],
                 "values": [...], "urls": [...]}]}
"""

from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import CharField, Func, Value
from django.db.models.functions import Substr
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=512)
def _path(name: str, args: tuple, prefix: str, urlconf: str) -> str:
    return reverse(name, args=args, urlconf=urlconf)


def link(name: str, *args, **params) -> str:
    # A page of figures links the same few lists ~150 times: each path is reversed once.
    url = _path(name, args, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def num(value) -> int | float:
    """Numbers as JSON and Excel take them: Decimal sums become floats only at the edge."""
    if isinstance(value, Decimal):
        return float(value)
    return value or 0


def cell(value, url: str | None = None) -> dict:
    return {"v": num(value) if isinstance(value, Decimal) else value, "url": url}


def kpi(label: str, value, url: str | None = None, unit: str = "") -> dict:
    return {"label": label, "value": num(value), "url": url, "unit": unit}


def chart(chart_id: str, kind: str, title: str, items: list[tuple[str, object, str | None]]):
    return {
        "id": chart_id,
        "type": kind,
        "title": title,
        "labels": [label for label, _, _ in items],
        "values": [num(value) for _, value, _ in items],
        "urls": [url for _, _, url in items],
    }


def table(title: str, headers: list[str], items) -> dict:
    return {
        "title": title,
        "headers": headers,
        "rows": [
            [{"v": label, "url": None}, {"v": num(value), "url": u}] for label, value, u in items
        ],
    }


def rate(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


class SplitPart(Func):
    function = "split_part"
    output_field = CharField()


def child_of(path_field: str, prefix: str) -> Func:
    """The id (as text) of the unit right below `prefix` on the way to each row's unit, in SQL:
    '/1/4/17/' under '/1/' gives '4'; a row on the prefix unit itself gives ''. Grouping by it
    puts every row under exactly one reporting unit (a district for the city, a street for a
    district)."""
    return SplitPart(Substr(path_field, len(prefix) + 1), Value("/"), Value(1))


def scope_prefix(user) -> str:
    return user.unit.path if user.unit_id else "/"
