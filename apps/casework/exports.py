"""Excel exports of casework, scoped by the same selectors as the pages."""

from apps.core import xlsx

from . import selectors

REPORT_HEADER = [
    "单位",
    "受理",
    "办结",
    "按时办结",
    "按时率(%)",
    "平均办结用时（小时）",
    "超时未办结",
]


def request_report_workbook(*, user) -> bytes:
    """The 急难愁盼 response report per unit, as the page shows it: counts only, no names."""
    book = xlsx.workbook()
    sheet = book.active
    sheet.title = "诉求响应情况"
    xlsx.append(sheet, ["急难愁盼诉求响应情况（按单位）"])
    xlsx.append(sheet, REPORT_HEADER)
    for row in selectors.request_response_report(user=user):
        xlsx.append(
            sheet,
            [
                row["unit"],
                row["received"],
                row["closed"],
                row["on_time"],
                row["on_time_rate"],
                row["avg_hours"],
                row["overdue_open"],
            ],
        )
    for cell in sheet[2]:
        cell.font = xlsx.font(bold=True)
    sheet.column_dimensions["A"].width = 24
    return xlsx.workbook_bytes(book)
