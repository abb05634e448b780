"""Excel export of the register: the user's scope, the chosen filters, masking by role."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.utils import timezone

from apps.accounts.masking import mask_id_number, mask_phone, sees_sensitive
from apps.core import xlsx as core_xlsx

from .roster import EXAMPLE_MARK, TEMPLATE_HEADERS

if TYPE_CHECKING:
    from openpyxl import Workbook

EXPORT_COLUMNS = [  # (title, value(cadre, sensitive))
    ("姓名", lambda c, s: c.name),
    ("性别", lambda c, s: c.get_gender_display()),
    ("民族", lambda c, s: c.ethnicity),
    ("出生日期", lambda c, s: c.birth_date if s else None),
    ("身份证号", lambda c, s: c.id_number if s else mask_id_number(c.id_number)),
    ("原工作单位", lambda c, s: c.original_employer),
    ("原职务", lambda c, s: c.original_post),
    ("离退休类别", lambda c, s: c.get_retirement_kind_display()),
    ("离退休时间", lambda c, s: c.retirement_date),
    ("职级", lambda c, s: c.get_rank_display()),
    ("政治面貌", lambda c, s: c.get_political_status_display()),
    ("入党时间", lambda c, s: c.party_joined_on),
    ("联系电话", lambda c, s: c.phone if s else mask_phone(c.phone)),
    ("现住址", lambda c, s: c.address if s else ""),
    ("管理单位", lambda c, s: c.unit.name),
    ("健康状况", lambda c, s: c.get_health_display() if s else ""),
    ("居住情况", lambda c, s: c.get_living_situation_display() if s else ""),
    ("易地安置地", lambda c, s: c.relocated_place if s else ""),
    ("困难", lambda c, s: "是" if s and c.hardship else ""),
    ("状态", lambda c, s: c.get_status_display()),
]


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    return core_xlsx.xlsx_response(workbook, filename)


def cadres_workbook(queryset, *, user) -> Workbook:
    workbook = core_xlsx.workbook(write_only=True)
    sheet = workbook.create_sheet("离退休干部花名册")
    core_xlsx.append(sheet, [title for title, _ in EXPORT_COLUMNS])
    sensitive = sees_sensitive(user)
    for cadre in queryset.select_related("unit").iterator(chunk_size=2000):
        core_xlsx.append(sheet, [value(cadre, sensitive) for _, value in EXPORT_COLUMNS])
    return workbook


def template_workbook() -> Workbook:
    workbook = core_xlsx.workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet.append(["离退休干部花名册（导入模板）"])
    sheet.append(TEMPLATE_HEADERS)
    for cell in sheet[2]:
        cell.font = core_xlsx.font(bold=True)
    sheet.append(
        [
            "张建国",
            "男",
            "汉族",
            "1945.10",
            "320102194510031239",
            "市财政局",
            "处长",
            "退休",
            "2005.10",
            "县处级",
            "中共党员",
            "1968.07",
            "13900000000",
            "人民路1号",
            "",
            "良好",
            "与子女同住",
            "",
            "书法",
            EXAMPLE_MARK,
        ]
    )
    # The example row reads as one: grey italics, and its 备注 says it is never imported.
    for cell in sheet[3]:
        cell.font = core_xlsx.font(italic=True, color="808080")
    sheet.append([])
    sheet.append(
        [
            "填表说明：出生年月可写 1945.10、1945年10月 或 1945-10-03；“管理单位”一列可留空，"
            "留空时使用导入页面上选择的单位。第一行标题、灰色的示例行与本行说明在导入时会被跳过，可直接覆盖示例行填写。"
        ]
    )
    sheet.append(
        [f"填表人：            审核人：            填报日期：{timezone.localdate():%Y年%m月%d日}"]
    )
    return workbook
