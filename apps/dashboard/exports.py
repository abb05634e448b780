"""Excel (openpyxl) for the dashboard's sections and the yearly statistical return. Both are built
from the same structures the pages render, so the file and the page never disagree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse

from apps.core import xlsx

if TYPE_CHECKING:
    from openpyxl import Workbook


def xlsx_response(book: Workbook, filename: str) -> HttpResponse:
    return xlsx.xlsx_response(book, filename)


def _sheet_title(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Sheet"
    name, n = base, 2
    while name in used:
        name, n = f"{base}{n}", n + 1
    used.add(name)
    return name


def _append_table(sheet, headers: list[str], rows: list[list]) -> None:
    xlsx.append(sheet, headers)
    for cell in sheet[sheet.max_row]:
        cell.font = xlsx.font(bold=True)
        cell.alignment = xlsx.alignment(horizontal="center")
    for row in rows:
        xlsx.append(sheet, row)
    sheet.column_dimensions["A"].width = 24
    for col in "BCDEFGHIJKLMN":
        sheet.column_dimensions[col].width = 14


def section_workbook(section: dict, *, scope: str, year: int, computed_at: str) -> Workbook:
    book = xlsx.workbook()
    used: set[str] = set()
    sheet = book.active
    sheet.title = _sheet_title("指标", used)
    xlsx.append(sheet, [f"{section['title']}（{scope}，{year}年）"])
    sheet["A1"].font = xlsx.font(bold=True, size=14)
    xlsx.append(sheet, [section.get("note", "")])
    xlsx.append(sheet, [f"统计时间：{computed_at}"])
    xlsx.append(sheet, [])
    _append_table(
        sheet,
        ["指标", "数值", "单位"],
        [[k["label"], k["value"], k.get("unit", "")] for k in section["kpis"]],
    )
    for table in section["tables"]:
        ws = book.create_sheet(_sheet_title(table["title"], used))
        _append_table(ws, table["headers"], [[c["v"] for c in row] for row in table["rows"]])
    return book


def annual_workbook(report, *, scope: str, checks: list, user_label: str) -> Workbook:
    """One sheet per table of the return, then the validation result with the cadres behind
    every failed check (ID numbers already masked for the user by the caller)."""
    book = xlsx.workbook()
    used: set[str] = set()
    first = True
    for table in report.tables:
        ws = book.active if first else book.create_sheet()
        first = False
        ws.title = _sheet_title(table.title, used)
        xlsx.append(ws, [f"离退休干部统计年报（{report.year}年）{table.title}"])
        ws["A1"].font = xlsx.font(bold=True, size=14)
        xlsx.append(
            ws, [f"填报范围：{scope}；统计截止：{report.year_end:%Y-%m-%d}；导出人：{user_label}"]
        )
        xlsx.append(ws, [])
        total = ["合计"] if table.splits_headcount else []
        _append_table(ws, ["报送单位", *table.headers, *total], [])
        for row in table.rows:
            xlsx.append(ws, [row.unit_name, *row.values, *([row.total] if total else [])])
        xlsx.append(ws, ["合计", *table.column_totals, *([table.grand_total] if total else [])])
        for c in ws[ws.max_row]:
            c.font = xlsx.font(bold=True)
    ws = book.create_sheet(_sheet_title("校验结果", used))
    xlsx.append(ws, [f"校验结果（{sum(1 for c in checks if not c.passed)} 项未通过）"])
    ws["A1"].font = xlsx.font(bold=True, size=14)
    xlsx.append(ws, [])
    _append_table(ws, ["校验项", "结果", "说明"], [])
    for check in checks:
        xlsx.append(ws, [check.title, "通过" if check.passed else "未通过", check.detail])
    failed = [c for c in checks if not c.passed]
    if failed:
        xlsx.append(ws, [])
        _append_table(ws, ["校验项", "姓名", "身份证号", "管理单位", "问题"], [])
        for check in failed:
            for cadre in check.cadres:
                xlsx.append(
                    ws,
                    [check.title, cadre["name"], cadre["id_number"], cadre["unit"], cadre["why"]],
                )
    return book
