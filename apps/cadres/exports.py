"""Excel export of the register: the user's scope, the chosen filters, masking by role."""

from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from apps.accounts.masking import shown

from .roster import TEMPLATE_HEADERS

EXPORT_COLUMNS = [
    ("姓名", lambda c, u: c.name),
    ("性别", lambda c, u: c.get_gender_display()),
    ("民族", lambda c, u: c.ethnicity),
    ("出生日期", lambda c, u: c.birth_date),
    ("身份证号", lambda c, u: shown(u, c.id_number, "id")),
    ("原工作单位", lambda c, u: c.original_employer),
    ("原职务", lambda c, u: c.original_post),
    ("离退休类别", lambda c, u: c.get_retirement_kind_display()),
    ("离退休时间", lambda c, u: c.retirement_date),
    ("职级", lambda c, u: c.get_rank_display()),
    ("政治面貌", lambda c, u: c.get_political_status_display()),
    ("入党时间", lambda c, u: c.party_joined_on),
    ("联系电话", lambda c, u: shown(u, c.phone, "phone")),
    ("现住址", lambda c, u: c.address if u.has_perm("cadres.view_sensitive") else ""),
    ("管理单位", lambda c, u: c.unit.name),
    ("健康状况", lambda c, u: c.get_health_display()),
    ("居住情况", lambda c, u: c.get_living_situation_display()),
    ("易地安置地", lambda c, u: c.relocated_place),
    ("困难", lambda c, u: "是" if c.hardship else ""),
    ("状态", lambda c, u: c.get_status_display()),
]


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def cadres_workbook(queryset, *, user) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("离退休干部花名册")
    sheet.append([title for title, _ in EXPORT_COLUMNS])
    for cadre in queryset.select_related("unit").iterator(chunk_size=2000):
        sheet.append([value(cadre, user) for _, value in EXPORT_COLUMNS])
    return workbook


def template_workbook() -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet.append(["离退休干部花名册（导入模板）"])
    sheet.append(TEMPLATE_HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
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
            "",
        ]
    )
    sheet.append([])
    sheet.append(
        [
            "填表说明：出生年月可写 1945.10、1945年10月 或 1945-10-03；“管理单位”一列可留空，"
            "留空时使用导入页面上选择的单位。第一行标题与本行说明在导入时会被跳过。"
        ]
    )
    sheet.append(
        [f"填表人：            审核人：            填报日期：{timezone.localdate():%Y年%m月%d日}"]
    )
    return workbook
