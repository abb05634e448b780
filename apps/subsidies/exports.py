"""The finance office's Excel of a batch: unit, name, masked ID, masked account, type, amount,
and a total row. Scope and masking as on the page."""

from apps.accounts.masking import shown
from apps.core import xlsx

from .models import Payment, PaymentBatch
from .selectors import batch_totals

HEADER = [
    "序号",
    "单位",
    "姓名",
    "身份证号",
    "开户行",
    "账号",
    "补贴类型",
    "所属月份",
    "金额（元）",
    "备注",
]


def _bold(sheet, values):
    cells = []
    for value in values:
        cell = xlsx.cell(sheet, xlsx.safe_value(value))
        cell.font = xlsx.font(bold=True)
        cells.append(cell)
    return cells


def batch_workbook(*, batch: PaymentBatch, user) -> bytes:
    # Write-only mode streams rows: a city batch (60,000 rows) in a fraction of the time.
    book = xlsx.workbook(write_only=True)
    sheet = book.create_sheet("发放明细")
    for column, width in zip("ABCDEFGHIJ", [6, 20, 10, 22, 16, 24, 12, 10, 12, 10], strict=True):
        sheet.column_dimensions[column].width = width
    xlsx.append(sheet, [f"{batch}明细表（{batch.get_status_display()}）"])
    xlsx.append(sheet, _bold(sheet, HEADER))
    rows = (
        Payment.objects.visible_to(user)
        .filter(batch=batch)
        .counted()
        .order_by("unit__path", "cadre__name", "subsidy_type__sort_order", "month", "pk")
        .values_list(
            "unit__name",
            "cadre__name",
            "cadre__id_number",
            "bank_name",
            "account_number",
            "subsidy_type__name",
            "month",
            "amount",
            "carried_from_id",
        )
    )
    # Plain tuples, not model instances: 60,000 short rows fit in memory.
    index = 0
    for index, row in enumerate(list(rows), start=1):
        unit, name, id_number, bank, account, type_name, month, amount, carried = row
        money = xlsx.cell(sheet, amount)
        money.number_format = "#,##0.00"
        xlsx.append(
            sheet,
            [
                index,
                unit,
                name,
                shown(user, id_number, "id"),
                bank,
                shown(user, account, "account"),
                type_name,
                f"{month:%Y-%m}",
                money,
                "补发退票" if carried else "",
            ],
        )
    totals = batch_totals(batch=batch, user=user)
    total_row = _bold(sheet, ["合计", "", f"{index}笔", "", "", "", "", "", totals["total"], ""])
    total_row[8].number_format = "#,##0.00"
    xlsx.append(sheet, total_row)
    return xlsx.workbook_bytes(book)
