"""Resident ID numbers (居民身份证号码, GB 11643-1999): 6-digit area, 8-digit birth date,
3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character (0-9 or X)."""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    gender: str  # "M" / "F"


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalize(raw: str) -> str:
    """Trim spaces (also full-width and inside), upper-case the x, upgrade 15 digits to 18."""
    value = re.sub(r"[\s\u3000]", "", str(raw or "")).upper().replace("Ｘ", "X")
    if re.fullmatch(r"\d{15}", value):
        # First-generation cards (before 1999) omitted the century and the check character.
        body = value[:6] + "19" + value[6:]
        value = body + check_char(body)
    return value


def parse(raw: str, *, today: date | None = None) -> IdInfo:
    value = normalize(raw)
    if not value:
        raise ValidationError("请填写身份证号。", code="required")
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise ValidationError("身份证号应为 18 位（最后一位可为 X）。", code="format")
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError("身份证号中的出生日期无效。", code="birth_date") from None
    if born.year < 1890 or (today and born > today):
        raise ValidationError("身份证号中的出生日期无效。", code="birth_date")
    if check_char(value[:17]) != value[17]:
        raise ValidationError("身份证号校验位错误，请核对号码。", code="check_digit")
    gender = "M" if int(value[16]) % 2 == 1 else "F"
    return IdInfo(number=value, birth_date=born, gender=gender)


def validate_id_number(value: str) -> None:
    parse(value)
