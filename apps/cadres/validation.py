"""Cross-field rules of a register entry, shared by forms, admin and the Excel import."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from . import idcard


def cadre_clean(cadre) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if cadre.id_number:
        try:
            info = idcard.parse(cadre.id_number, today=today)
        except ValidationError as exc:
            errors.setdefault("id_number", []).extend(exc.messages)
        else:
            cadre.id_number = info.number
            if cadre.birth_date and cadre.birth_date != info.birth_date:
                errors.setdefault("birth_date", []).append(
                    f"出生日期与身份证号不一致（身份证为 {info.birth_date:%Y-%m-%d}）。"
                )
            if cadre.gender and cadre.gender != info.gender:
                errors.setdefault("gender", []).append("性别与身份证号不一致。")
    for field, label in (
        ("birth_date", "出生日期"),
        ("retirement_date", "离退休时间"),
        ("party_joined_on", "入党时间"),
        ("deceased_on", "去世日期"),
    ):
        value = getattr(cadre, field)
        if value and value > today:
            errors.setdefault(field, []).append(f"{label}不能晚于今天。")
    if cadre.birth_date and cadre.retirement_date and cadre.retirement_date <= cadre.birth_date:
        errors.setdefault("retirement_date", []).append("离退休时间应晚于出生日期。")
    if cadre.deceased_on and cadre.retirement_date and cadre.deceased_on < cadre.retirement_date:
        errors.setdefault("deceased_on", []).append("去世日期不能早于离退休时间。")
    if cadre.party_joined_on and cadre.political_status != "cpc":
        errors.setdefault("party_joined_on", []).append("只有中共党员填写入党时间。")
    if cadre.status == "deceased" and not cadre.deceased_on:
        errors.setdefault("deceased_on", []).append("状态为已故时请填写去世日期。")
    if cadre.status != "deceased" and cadre.deceased_on:
        errors.setdefault("status", []).append("填写了去世日期，状态应为已故。")
    if cadre.status in ("moved", "removed"):
        if not cadre.left_on:
            errors.setdefault("left_on", []).append("迁出或注销时请填写离册日期。")
        elif cadre.left_on > today:
            errors.setdefault("left_on", []).append("离册日期不能晚于今天。")
        if not (cadre.left_reason or "").strip():
            errors.setdefault("left_reason", []).append("迁出或注销时请填写原因。")
    if cadre.status == "active" and (cadre.left_on or (cadre.left_reason or "").strip()):
        errors.setdefault("status", []).append("填写了离册日期或原因，状态不能为在册。")
    if cadre.relocated_place and not cadre.relocated:
        errors.setdefault("relocated_place", []).append("只有易地安置的干部填写安置地。")
    if errors:
        raise ValidationError(errors)
