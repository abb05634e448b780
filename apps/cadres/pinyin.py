"""Pinyin initials of a name ('张三丰' -> 'zsf') for searching the register by initials.

Initials need one letter per character, not pypinyin's phrase dictionary (≈0.3 s and ≈44 MB in
every process that imported it). The letters come from a table made once from pypinyin's
single-character dictionary (pinyin_initials.txt: one letter per code point U+3400–U+9FFF, the
first reading; '.' where it has none), read on first use (≈27 KB). A surname reads its surname
pronunciation (曾 zeng, 单 shan, 解 xie…), which the phrase dictionary got wrong anyway. Rare
characters outside the table fall back to pypinyin's character dictionary, imported only then.

Regenerate the table after upgrading pypinyin: `python -m apps.cadres.pinyin --write`.
"""

import functools
from pathlib import Path

TABLE = Path(__file__).with_name("pinyin_initials.txt")
FIRST, LAST = 0x3400, 0x9FFF
# Polyphonic characters whose reading as a surname differs from the dictionary's first reading.
SURNAMES = {
    "曾": "z",
    "单": "s",
    "解": "x",
    "仇": "q",
    "区": "o",
    "查": "z",
    "朴": "p",
    "覃": "q",
    "尉": "y",
    "乐": "y",
    "缪": "m",
    "翟": "z",
    "盖": "g",
    "种": "c",
    "长": "c",
    "重": "c",
    "藏": "z",
    "员": "y",
    "阚": "k",
    "繁": "p",
    "褚": "c",
    "秘": "b",
    "相": "x",
    "任": "r",
    "沈": "s",
    "柏": "b",
    "薄": "b",
    "召": "s",
    "黑": "h",
    "能": "n",
    "角": "j",
    "宿": "s",
    "洗": "x",
    "冼": "x",
    "句": "g",
    "万": "w",
    "叶": "y",
    "车": "c",
    "石": "s",
}


@functools.cache
def _table() -> str:
    return TABLE.read_text(encoding="ascii").strip()


@functools.cache
def _rare(char: str) -> str:
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict  # only for characters outside the table

    readings = pinyin_dict.get(ord(char))
    if not readings:
        return ""
    letter = unicodedata.normalize("NFKD", readings.split(",")[0])[:1].lower()
    return letter if letter.isascii() and letter.isalpha() else ""


def _letter(char: str, *, first: bool) -> str:
    if first and char in SURNAMES:
        return SURNAMES[char]
    code = ord(char)
    if FIRST <= code <= LAST:
        letter = _table()[code - FIRST]
        return "" if letter == "." else letter
    if char.isascii():
        return char.lower() if char.isalnum() else ""
    if code > 0xFFFF or 0xF900 <= code <= 0xFAFF:
        return _rare(char)
    return ""


def name_initials(name: str) -> str:
    """'张三丰' -> 'zsf'. A Latin word gives its first letter ('Li Lei' -> 'll'); punctuation
    (·) and spaces give nothing."""
    out = []
    previous_latin = False
    for index, char in enumerate((name or "").strip()):
        latin = char.isascii() and char.isalnum()
        if latin and previous_latin:
            continue  # one letter per Latin word
        previous_latin = latin
        out.append(_letter(char, first=index == 0))
    return "".join(out)[:50]


def _write_table() -> None:  # pragma: no cover - maintenance
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    letters = []
    for code in range(FIRST, LAST + 1):
        readings = pinyin_dict.get(code, "")
        letter = unicodedata.normalize("NFKD", readings.split(",")[0])[:1].lower()
        letters.append(letter if letter.isascii() and letter.isalpha() else ".")
    TABLE.write_text("".join(letters) + "\n", encoding="ascii")


if __name__ == "__main__":  # pragma: no cover
    import sys

    if "--write" in sys.argv:
        _write_table()
