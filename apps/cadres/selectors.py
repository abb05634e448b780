"""Reads about one cadre. Other apps add sections to the cadre page (and the 一员一卡 card) by
defining `apps/<app>/cadre_card.py` with

    ORDER = 30
    def section(*, cadre, user) -> dict | None:
        return {"title": "走访慰问", "template": "visits/_cadre_section.html", "context": {...}}

so the register never imports the apps built on top of it (DESIGN.md: data flows one way).
"""

from apps.core.discovery import app_modules


def _card_modules():
    modules = app_modules("cadre_card", exclude=("cadres",))
    return sorted(modules, key=lambda m: getattr(m, "ORDER", 100))


def cadre_sections(*, cadre, user) -> list[dict]:
    sections = []
    for module in _card_modules():
        section = module.section(cadre=cadre, user=user)
        if section:
            sections.append(section)
    return sections
