"""Excel export of the reports: the same selectors as the page, so the same scope."""

from datetime import date

from apps.core import xlsx

from . import selectors

HEADERS = [
    "名称",
    "说明",
    "活动次数",
    "受益人数",
    "参与人数",
    "参与人次",
    "确认时长（小时）",
    "含下级队伍活动次数",
    "含下级队伍确认时长",
]


def _sheet(book, title: str, report) -> None:
    sheet = book.create_sheet(title)
    xlsx.append(sheet, [f"{title}（{report.start:%Y-%m-%d} 至 {report.end:%Y-%m-%d}）"])
    xlsx.append(sheet, HEADERS)
    for cell in sheet[2]:
        cell.font = xlsx.font(bold=True)
    for row in [*report.rows, report.total]:
        xlsx.append(
            sheet,
            [
                row.name,
                row.extra,
                row.activities,
                row.beneficiaries,
                row.participants,
                row.participations,
                float(row.hours),
                row.subtree_activities,
                None if row.subtree_hours is None else float(row.subtree_hours),
            ],
        )
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 24


def report_workbook(*, user, start: date, end: date) -> bytes:
    book = xlsx.workbook()
    book.remove(book.active)
    _sheet(book, "按队伍", selectors.team_report(user=user, start=start, end=end))
    _sheet(book, "按服务领域", selectors.field_report(user=user, start=start, end=end))
    top = book.create_sheet("服务时长排行")
    xlsx.append(top, ["名次", "姓名", "单位", "活动次数", "确认时长（小时）"])
    for rank, item in enumerate(selectors.top_volunteers(user=user, start=start, end=end), 1):
        xlsx.append(
            top,
            [
                rank,
                item["volunteer__cadre__name"],
                item["volunteer__cadre__unit__name"],
                item["activities"],
                float(item["hours"]),
            ],
        )
    return xlsx.workbook_bytes(book)
