"""The finance office's Excel of a batch: unit, name, masked ID, masked account, type, amount,
and a total row. Scope and masking as on the page."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from apps.accounts.masking import shown

from .models import PaymentBatch
from .subsidy_selectors import batch_payments, batch_totals

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


def batch_workbook(*, batch: PaymentBatch, user) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "发放明细"
    sheet.append([f"{batch}明细表（{batch.get_status_display()}）"])
    sheet.append(HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    rows = (
        batch_payments(batch=batch, user=user)
        .counted()
        .order_by("unit__path", "cadre__name", "subsidy_type__sort_order", "month", "pk")
    )
    index = 0
    for index, payment in enumerate(rows.iterator(chunk_size=2000), start=1):
        note = "补发退票" if payment.carried_from_id else ""
        sheet.append(
            [
                index,
                payment.unit.name,
                payment.cadre.name,
                shown(user, payment.cadre.id_number, "id"),
                payment.bank_name,
                shown(user, payment.account_number, "account"),
                payment.subsidy_type.name,
                f"{payment.month:%Y-%m}",
                payment.amount,
                note,
            ]
        )
        sheet.cell(row=sheet.max_row, column=9).number_format = "#,##0.00"
    totals = batch_totals(batch=batch, user=user)
    sheet.append(["合计", "", f"{index}笔", "", "", "", "", "", totals["total"], ""])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.cell(row=sheet.max_row, column=9).number_format = "#,##0.00"
    for column, width in zip("ABCDEFGHIJ", [6, 20, 10, 22, 16, 24, 12, 10, 12, 10], strict=True):
        sheet.column_dimensions[column].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()
