from pypinyin import Style, lazy_pinyin


def name_initials(name: str) -> str:
    """'张三丰' -> 'zsf'; used for searching the register by pinyin initials."""
    return "".join(p[0] for p in lazy_pinyin(name or "", style=Style.FIRST_LETTER) if p).lower()[
        :50
    ]
