"""Pinyin initials without pypinyin's phrase dictionary (issue 21: lean processes)."""

import subprocess
import sys
from pathlib import Path

from apps.cadres.pinyin import name_initials

ROOT = Path(__file__).resolve().parents[2]


def test_initials_of_common_names():
    assert name_initials("张建国") == "zjg"
    assert name_initials("  李秀英 ") == "lxy"
    assert name_initials("欧阳修") == "oyx"


def test_surnames_read_as_surnames():
    # The phrase dictionary read these as céng / tán / dān; a searcher types the surname.
    assert name_initials("曾国藩") == "zgf"
    assert name_initials("覃兰英") == "qly"
    assert name_initials("单田芳") == "stf"
    assert name_initials("解缙") == "xj"
    # Only the first character is a surname: 曾 later in a name keeps its usual reading.
    assert name_initials("王曾") == "wc"


def test_latin_punctuation_and_empty():
    assert name_initials("Li Lei") == "ll"
    assert name_initials("李·明") == "lm"
    assert name_initials("") == ""
    assert name_initials(None) == ""
    assert len(name_initials("张" * 80)) == 50


def test_phrase_dictionary_is_never_loaded():
    code = (
        "import sys; from apps.cadres.pinyin import name_initials; "
        "assert name_initials('张三丰') == 'zsf'; "
        "print(sorted(m for m in sys.modules if m.startswith('pypinyin')))"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
