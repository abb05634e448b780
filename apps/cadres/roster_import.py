"""Importing a roster into the register: preview first, then all rows or none.

Rows are matched on the ID number. A row creates a cadre, updates the columns the file has, or
changes nothing (so importing the same file twice changes nothing). Any bad row (bad ID, date
in the future, unknown unit, duplicate ID…) is reported with its spreadsheet row number and
reason, and then nothing is saved.
"""

import copy
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from apps.accounts.models import OrgUnit

from . import idcard
from .models import Cadre
from .pinyin import name_initials
from .roster import DateParseError, clean_text, parse_roster_date, read_roster

PROGRESS_EVERY = 250
CHOICE_WORDS: dict[str, dict[str, str]] = {
    "gender": {"男": "M", "女": "F", "M": "M", "F": "F"},
    "retirement_kind": {
        "离休": "lixiu",
        "离休干部": "lixiu",
        "退休": "tuixiu",
        "退休干部": "tuixiu",
    },
    "political_status": {
        "中共党员": "cpc",
        "党员": "cpc",
        "中共预备党员": "cpc",
        "共产党员": "cpc",
        "群众": "masses",
        "无党派": "masses",
        "无党派人士": "masses",
        "无": "masses",
        **{
            p: "democratic"
            for p in (
                "民主党派",
                "民革",
                "民盟",
                "民建",
                "民进",
                "农工党",
                "致公党",
                "九三学社",
                "台盟",
                "民革党员",
                "民盟盟员",
                "民建会员",
                "民进会员",
                "九三学社社员",
            )
        },
    },
    "rank": {
        "省部级": "provincial",
        "正省部级": "provincial",
        "副省部级": "provincial",
        "厅局级": "bureau",
        "正厅": "bureau",
        "副厅": "bureau",
        "正厅级": "bureau",
        "副厅级": "bureau",
        "县处级": "county",
        "正处": "county",
        "副处": "county",
        "正处级": "county",
        "副处级": "county",
        "乡科级": "section",
        "正科": "section",
        "副科": "section",
        "正科级": "section",
        "副科级": "section",
        "其他": "other",
        "科员": "other",
        "办事员": "other",
    },
    "health": {label: value for value, label in Cadre.Health.choices},
    "living_situation": {label: value for value, label in Cadre.Living.choices},
}
CHOICE_LABELS = {
    "gender": "性别",
    "retirement_kind": "离退休类别",
    "political_status": "政治面貌",
    "rank": "职级",
    "health": "健康状况",
    "living_situation": "居住情况",
}
TEXT_FIELDS = (
    "name",
    "ethnicity",
    "original_employer",
    "original_post",
    "phone",
    "address",
    "relocated_place",
    "interests",
    "notes",
)
# Fields an import may write; the others (status, deceased date…) are kept by staff in the app.
WRITABLE = (
    *TEXT_FIELDS,
    "gender",
    "birth_date",
    "retirement_kind",
    "retirement_date",
    "rank",
    "political_status",
    "party_joined_on",
    "health",
    "living_situation",
    "relocated",
    "unit_id",
)


@dataclass
class RowResult:
    row: int
    name: str = ""
    id_number: str = ""
    action: str = ""  # create / update / unchanged / error
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    cadre: Cadre | None = None
    data: dict = field(default_factory=dict, repr=False)


@dataclass
class ImportResult:
    rows: list[RowResult]
    file_errors: list[str] = field(default_factory=list)
    applied: bool = False

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def errors(self) -> list[RowResult]:
        return [r for r in self.rows if r.action == "error"]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors

    def summary(self) -> str:
        return (
            f"新增 {self.count('create')} 人，更新 {self.count('update')} 人，"
            f"无变化 {self.count('unchanged')} 人，错误 {len(self.errors)} 行"
        )


class _UnitResolver:
    def __init__(self, user):
        self.visible = OrgUnit.objects.visible_to(user)
        self.cache: dict[str, OrgUnit | str] = {}

    def __call__(self, name: str) -> OrgUnit | str:
        if name not in self.cache:
            matches = list(self.visible.filter(name=name)[:2])
            if not matches:
                self.cache[name] = f"未知单位“{name}”（不存在或不在您的管辖范围内）"
            elif len(matches) > 1:
                self.cache[name] = f"单位名称“{name}”不唯一，请使用上级单位下唯一的名称"
            else:
                self.cache[name] = matches[0]
        return self.cache[name]


def preview(file, *, user, unit: OrgUnit | None, progress=None) -> ImportResult:
    """Parse and check every row; `progress(done, total)` is told every PROGRESS_EVERY rows
    (the import job's progress bar)."""
    from .roster import RosterFormatError

    try:
        sheet = read_roster(file)
    except RosterFormatError as exc:
        return ImportResult(rows=[], file_errors=[str(exc)])
    if "unit" not in sheet.columns and unit is None:
        return ImportResult(
            rows=[], file_errors=["文件中没有“管理单位”列，请在页面上选择管理单位。"]
        )
    if unit is not None and not OrgUnit.objects.visible_to(user).filter(pk=unit.pk).exists():
        return ImportResult(rows=[], file_errors=["所选管理单位不在您的管辖范围内。"])
    resolve_unit = _UnitResolver(user)
    total = 2 * len(sheet.rows)  # parsing, then checking against the register
    results = []
    for index, (number, values) in enumerate(sheet.rows, start=1):
        results.append(_parse_row(number, values, unit, resolve_unit))
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress(index, total)
    _match_existing(results, user=user, progress=progress)
    if progress is not None:
        progress(total, total)
    if not results:
        if sheet.example_rows:
            message = "文件中只有模板的示例行（灰色，导入时忽略），请在其下方填写要导入的人员。"
        else:
            message = "文件中没有数据行。"
        return ImportResult(rows=[], file_errors=[message])
    return ImportResult(rows=results)


def _parse_row(number, values, default_unit, resolve_unit) -> RowResult:
    result = RowResult(row=number)
    data: dict[str, object] = {}
    for name in TEXT_FIELDS:
        if name in values:
            data[name] = clean_text(values[name])
    result.name = str(data.get("name", ""))
    if not result.name:
        result.errors.append("姓名不能为空")
    try:
        info = idcard.parse(clean_text(values.get("id_number")))
    except ValidationError as exc:
        result.id_number = clean_text(values.get("id_number"))
        result.errors.extend(exc.messages)
        info = None
    else:
        result.id_number = info.number
        data["id_number"] = info.number
        data["birth_date"] = info.birth_date
        data["gender"] = info.gender
    for name, label in CHOICE_LABELS.items():
        raw = clean_text(values.get(name))
        if not raw:
            continue
        mapped = CHOICE_WORDS[name].get(raw)
        if mapped is None:
            result.errors.append(f"{label}“{raw}”无法识别")
        elif name == "gender" and info and mapped != info.gender:
            result.errors.append("性别与身份证号不一致")
        else:
            data[name] = mapped
    if "retirement_kind" not in data and not any("离退休类别" in e for e in result.errors):
        result.errors.append("离退休类别不能为空（离休/退休）")
    if clean_text(values.get("birth")):
        try:
            born, has_day = parse_roster_date(values["birth"])
        except DateParseError:
            result.errors.append(f"出生年月“{clean_text(values['birth'])}”无法识别")
        else:
            if info and (
                (born.year, born.month) != (info.birth_date.year, info.birth_date.month)
                or (has_day and born != info.birth_date)
            ):
                result.errors.append("出生年月与身份证号不一致")
    for name, label in (("retirement_date", "离退休时间"), ("party_joined_on", "入党时间")):
        raw = values.get(name)
        if clean_text(raw):
            try:
                data[name] = parse_roster_date(raw)[0]
            except DateParseError:
                result.errors.append(f"{label}“{clean_text(raw)}”无法识别")
    if data.get("relocated_place"):
        data["relocated"] = True
    unit_name = clean_text(values.get("unit"))
    if unit_name:
        unit = resolve_unit(unit_name)
        if isinstance(unit, str):
            result.errors.append(unit)
        else:
            data["unit_id"] = unit.pk
    elif default_unit is not None:
        data["default_unit_id"] = default_unit.pk
    else:
        result.errors.append("管理单位不能为空")
    result.data = data
    return result


def _match_existing(results: list[RowResult], *, user, progress=None) -> None:
    """Duplicates, scope and the register's own rules, for every row at once: a row that
    already failed to parse is still checked (what did parse), so one upload reports every
    problem of the file, and a duplicate ID is caught even when its first row was bad."""
    seen: dict[str, int] = {}
    ids = [r.id_number for r in results if r.id_number]
    existing = {c.id_number: c for c in Cadre.objects.filter(id_number__in=ids)}
    visible_ids = set(
        Cadre.objects.visible_to(user).filter(id_number__in=ids).values_list("id_number", flat=True)
    )
    for index, result in enumerate(results, start=1):
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress(len(results) + index, 2 * len(results))
        data = result.data
        if result.id_number:
            first = seen.setdefault(result.id_number, result.row)
            if first != result.row:
                result.errors.append(f"身份证号与第 {first} 行重复")
        default_unit_id = data.pop("default_unit_id", None)
        current = existing.get(data.get("id_number"))
        if current is not None and result.id_number not in visible_ids:
            result.errors.append("该身份证号已在其他单位登记（不在您的管辖范围内），请联系上级单位")
            result.action = "error"
            continue
        if current is None:
            data.setdefault("unit_id", default_unit_id)
            cadre = Cadre(**{k: v for k, v in data.items() if v is not None})
            result.action = "create"
        else:
            cadre = copy.copy(current)  # fetched with the others above: no query per row
            for name, value in data.items():
                if name in WRITABLE and value not in (None, "") and getattr(cadre, name) != value:
                    result.changes.append(
                        Cadre._meta.get_field(name.removesuffix("_id")).verbose_name
                    )
                    setattr(cadre, name, value)
            result.action = "update" if result.changes else "unchanged"
        exclude = ["id_number", "unit"]
        if result.errors:
            # Fields that did not parse were reported already; check only the rest.
            exclude += [
                f.name
                for f in Cadre._meta.concrete_fields
                if f.attname not in data and f.name != "id"
            ]
        try:
            # full_clean runs the register's cross-field rules (Cadre.clean: cadre_clean) once.
            # The table's check constraints concern status, death, leaving and relocation,
            # which an import never sets apart from relocated with its place (set together in
            # _parse_row); Django would check each with a query, four per row (≈ 20 s a
            # 300-row file on a busy server). PostgreSQL still enforces them when applied.
            cadre.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            result.errors.extend(m for m in _messages(exc) if m not in result.errors)
        if result.errors:
            result.action = "error"
            result.changes = []
            continue
        result.cadre = cadre


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        out = []
        for name, messages in exc.message_dict.items():
            label = Cadre._meta.get_field(name).verbose_name if name != "__all__" else ""
            out.extend(f"{label}：{m}" if label else m for m in messages)
        return out
    return list(exc.messages)


def apply(result: ImportResult, *, by) -> ImportResult:
    """Save every create and update in one transaction; refuse if any row is bad."""
    if not result.ok:
        return result
    creates = [r.cadre for r in result.rows if r.action == "create"]
    updates = [r.cadre for r in result.rows if r.action == "update"]
    now = timezone.now()
    for cadre in creates + updates:
        cadre.name_initials = name_initials(cadre.name)
        cadre.updated_at = now
    history_user = by if by is not None and by.pk else None  # a shell import has no user row
    with transaction.atomic():
        if creates:
            bulk_create_with_history(creates, Cadre, batch_size=1000, default_user=history_user)
        if updates:
            bulk_update_with_history(
                updates,
                Cadre,
                fields=[*WRITABLE, "name_initials", "updated_at"],
                batch_size=1000,
                default_user=history_user,
            )
    result.applied = True
    return result


def import_roster(file, *, user, unit: OrgUnit | None, dry_run: bool = False) -> ImportResult:
    result = preview(file, user=user, unit=unit)
    if dry_run:
        return result
    return apply(result, by=user)


def preview_rows(result: ImportResult, *, user, limit: int = 200) -> list[dict]:
    """What each row will save, as parsed (issue 16): the ID as `user` may see it, the dates
    and the unit, so a wrong column or date is seen before anything is saved."""
    from apps.accounts.masking import shown

    rows = [r for r in result.rows if r.action in ("create", "update")][:limit]
    unit_ids = {r.cadre.unit_id for r in rows if r.cadre is not None and r.cadre.unit_id}
    units = OrgUnit.objects.in_bulk(unit_ids)
    out = []
    for r in rows:
        cadre = r.cadre
        unit = units.get(cadre.unit_id) if cadre is not None else None
        out.append(
            {
                "row": r.row,
                "name": r.name,
                "id_number": shown(user, r.id_number),
                "gender": cadre.get_gender_display() if cadre and cadre.gender else "",
                "birth_date": cadre.birth_date if cadre else None,
                "retirement_kind": (
                    cadre.get_retirement_kind_display() if cadre and cadre.retirement_kind else ""
                ),
                "retirement_date": cadre.retirement_date if cadre else None,
                "unit": unit.name if unit else "",
                "action": r.action,
                "changes": r.changes,
            }
        )
    return out
