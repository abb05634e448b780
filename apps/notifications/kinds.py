"""Reminder kinds, registered by the apps that raise them (notifications imports none of them).

    register_kind("visit_due", "走访到期", still_relevant=lambda visit: visit.status == "planned")

`still_relevant(target)` is asked before a reminder is delivered: False means the condition is
no longer true (the visit was done) and the reminder is closed instead of sent.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    still_relevant: Callable[[object], bool] | None


_kinds: dict[str, Kind] = {}


def register_kind(code: str, label: str, *, still_relevant: Callable[[object], bool] | None = None):
    _kinds[code] = Kind(code=code, label=label, still_relevant=still_relevant)


def get_kind(code: str) -> Kind | None:
    return _kinds.get(code)


def label(code: str) -> str:
    kind = _kinds.get(code)
    return kind.label if kind else code
