"""Excel exports (openpyxl), scoped by the same selectors as the pages."""

from apps.accounts.access import is_unit_staff
from apps.accounts.masking import sees_sensitive
from apps.core import xlsx

from . import selectors


def coverage_names_shown(user) -> bool:
    """The work list of names is for staff; leadership gets aggregates only."""
    return is_unit_staff(user) and sees_sensitive(user)


def coverage_workbook(*, user, year: int) -> bytes:
    """Per unit the year's coverage of relocated (易地安置) cadres. Relocation is a hidden field:
    without sees_sensitive the sheet has each unit's rate only (no headcounts) and no names."""
    counts = sees_sensitive(user)
    book = xlsx.workbook()
    sheet = book.active
    sheet.title = "覆盖情况"
    xlsx.append(sheet, [f"{year}年易地安置老干部走访全覆盖情况"])
    if counts:
        xlsx.append(sheet, ["单位", "易地安置人数", "已走访", "未走访", "覆盖率(%)"])
    else:
        xlsx.append(sheet, ["单位", "覆盖率(%)"])
    for row in selectors.coverage_report(user=user, year=year):
        if counts:
            values = [row["unit"], row["total"], row["covered"], row["missing"], row["rate"]]
        else:
            values = [row["unit"], row["rate"]]
        xlsx.append(sheet, values)
    for cell in sheet[2]:
        cell.font = xlsx.font(bold=True)
    sheet.column_dimensions["A"].width = 24
    if coverage_names_shown(user):
        missing = book.create_sheet("未走访名单")
        xlsx.append(missing, ["单位", "姓名", "安置地"])
        for cadre in selectors.coverage_missing(user=user, year=year).iterator(chunk_size=2000):
            xlsx.append(missing, [cadre.unit.name, cadre.name, cadre.relocated_place])
    return xlsx.workbook_bytes(book)
