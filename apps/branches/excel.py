"""Excel exports of the branch lists (write-only, so a long list streams in constant memory),
written and sent by apps.core.xlsx (formula text neutralised, one filename encoding)."""

from django.http import HttpResponse

from apps.core.xlsx import append, workbook
from apps.core.xlsx import xlsx_response as send


def xlsx_response(filename: str, title: str, headers: list[str], rows) -> HttpResponse:
    book = workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    append(sheet, headers)
    for row in rows:
        append(sheet, row)
    return send(book, filename)
