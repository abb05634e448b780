"""Reading the rosters (花名册) bureaus already keep in Excel.

Real rosters have a title row or two above the header, headers with stray spaces or line
breaks, dates written 1945.10 / 1945年10月 / 1945-10-03 (and Excel turning 1945.10 into the
number 1945.1), a lowercase x check digit, and signature rows (填表人、审核人) below the data.
This module turns such a sheet into plain row dicts keyed by our field names; roster_import.py
validates and applies them.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from apps.core import xlsx

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名",),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "birth": ("出生年月", "出生日期", "出生年月日", "出生时间"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证"),
    "original_employer": ("原工作单位", "原单位", "工作单位", "原工作单位及职务单位"),
    "original_post": ("原职务", "职务", "原任职务"),
    "retirement_kind": ("离退休类别", "离退休类型", "离退休", "类别"),
    "retirement_date": ("离退休时间", "离退休日期", "退休时间", "离休时间", "退休日期"),
    "rank": ("职级", "级别", "待遇级别", "享受待遇", "享受待遇级别"),
    "political_status": ("政治面貌",),
    "party_joined_on": ("入党时间", "入党日期"),
    "phone": ("联系电话", "电话", "手机", "手机号码", "联系方式"),
    "address": ("现住址", "住址", "家庭住址", "居住地址", "现居住地址"),
    "unit": ("管理单位", "所属单位", "管理单位名称", "所在单位"),
    "health": ("健康状况",),
    "living_situation": ("居住情况", "居住状况"),
    "relocated_place": ("易地安置地", "安置地", "异地安置地"),
    "interests": ("兴趣特长", "特长", "爱好特长"),
    "notes": ("备注",),
}
TEMPLATE_HEADERS = [
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "身份证号",
    "原工作单位",
    "原职务",
    "离退休类别",
    "离退休时间",
    "职级",
    "政治面貌",
    "入党时间",
    "联系电话",
    "现住址",
    "管理单位",
    "健康状况",
    "居住情况",
    "易地安置地",
    "兴趣特长",
    "备注",
]
FOOTER_WORDS = (
    "填表人",
    "审核人",
    "制表人",
    "制表",
    "负责人",
    "填报日期",
    "盖章",
    "合计",
    "说明：",
)

# The template's example row (apps/cadres/exports.py) carries this in 备注 and is never imported.
# (Not matched by its ID number: a real person may hold any valid number.)
EXAMPLE_MARK = "【示例行，导入时忽略】"

_ALIAS_TO_FIELD = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}


_SPACES = re.compile(r"[\s\u3000]+")


def clean_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES.sub(" ", str(value)).strip()


def _header_key(value) -> str:
    return re.sub(r"[\s\u3000*＊:：()（）]", "", clean_text(value))


class DateParseError(ValueError):
    pass


def parse_roster_date(value) -> tuple[date, bool]:
    """(date, has_day). Year-month values give the 1st and has_day False."""
    if value is None or value == "":
        raise DateParseError("empty")
    if isinstance(value, datetime):
        return value.date(), True
    if isinstance(value, date):
        return value, True
    if isinstance(value, int | float):
        number = float(value)
        if 1890 <= number < 2200 and not number.is_integer():
            # Excel stores a typed 1945.10 as the number 1945.1: two decimals are the month.
            year = int(number)
            month = round((number - year) * 100)
            return _ym(year, month), False
        value = str(int(number))
    text = clean_text(value).replace("．", ".").replace("／", "/").replace("－", "-")
    patterns = (
        (r"(\d{4})年(\d{1,2})月(\d{1,2})日?", True),
        (r"(\d{4})年(\d{1,2})月?", False),
        (r"(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})", True),
        (r"(\d{4})[.\-/](\d{1,2})", False),
        (r"(\d{4})(\d{2})(\d{2})", True),
        (r"(\d{4})(\d{2})", False),
    )
    for pattern, has_day in patterns:
        match = re.fullmatch(pattern, text)
        if match:
            parts = [int(p) for p in match.groups()]
            if has_day:
                try:
                    return date(*parts), True
                except ValueError:
                    raise DateParseError(text) from None
            return _ym(*parts), False
    raise DateParseError(text)


def _ym(year: int, month: int) -> date:
    try:
        return date(year, month, 1)
    except ValueError:
        raise DateParseError(f"{year}.{month}") from None


@dataclass
class Sheet:
    columns: dict[str, int]  # field -> column index
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)  # (row number, values)
    unknown_headers: list[str] = field(default_factory=list)
    example_rows: list[int] = field(default_factory=list)  # skipped: the template's example


class RosterFormatError(ValueError):
    """The file is not a roster we can read (no header row, not an xlsx…)."""


def read_roster(file) -> Sheet:
    try:
        workbook = xlsx.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a bad file
        raise RosterFormatError("无法读取该文件，请上传 .xlsx 格式的 Excel 文件。") from exc
    try:
        worksheet = workbook.worksheets[0]
        sheet = None
        for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if sheet is None:
                sheet = _maybe_header(row)
                if sheet is None and number >= 15:
                    break
                continue
            values = {f: row[i] if i < len(row) else None for f, i in sheet.columns.items()}
            texts = [t for t in map(clean_text, row) if t]
            if not texts:
                continue
            if any(texts[0].startswith(word) or word in texts[0] for word in FOOTER_WORDS):
                continue
            if not clean_text(values.get("name")) and not clean_text(values.get("id_number")):
                continue  # a serial-number-only or note row
            if EXAMPLE_MARK in texts:
                sheet.example_rows.append(number)
                continue  # the template's example row
            sheet.rows.append((number, values))
    finally:
        workbook.close()
    if sheet is None:
        raise RosterFormatError("未找到表头行：表头须包含“姓名”和“身份证号”两列。")
    return sheet


def _maybe_header(row) -> Sheet | None:
    columns: dict[str, int] = {}
    unknown = []
    for index, cell in enumerate(row):
        key = _header_key(cell)
        if not key:
            continue
        name = _ALIAS_TO_FIELD.get(key)
        if name and name not in columns:
            columns[name] = index
        elif key not in ("序号", "编号"):
            unknown.append(key)
    if "name" in columns and "id_number" in columns:
        return Sheet(columns=columns, unknown_headers=unknown)
    return None
