"""The centres' yearly report as Excel (apps.core.xlsx: formula-safe cells)."""

from apps.core.xlsx import append, workbook, xlsx_response

from .selectors import report_totals


def report_xlsx(*, rows, year: int):
    book = workbook()
    sheet = book.active
    sheet.title = f"{year}年活动中心"
    months = [f"{m}月" for m in range(1, 13)]
    append(sheet, [f"{year} 年活动中心接待人次与活动场次"])
    append(sheet, ["活动中心", "所属单位", "项目", *months, "合计"])
    for row in [*rows, report_totals(rows)]:
        name = row.venue.name if row.venue else "合计"
        unit = row.venue.unit.name if row.venue else ""
        append(sheet, [name, unit, "接待人次", *row.visitors, row.visitors_total])
        append(sheet, [name, unit, "活动场次", *row.bookings, row.bookings_total])
    return xlsx_response(book, f"venues-report-{year}.xlsx")
