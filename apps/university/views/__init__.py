"""Views of the 老年大学: the public list and draws, the cadre side (/university/me/), staff."""

from .cadre import my, my_apply, my_certificate, my_checkin, my_classes, my_draw, my_withdraw
from .public import public_classes, public_draw
from .staff import (
    application_withdraw,
    certificate,
    class_detail,
    class_door,
    counter_apply,
    session_roll,
    students,
    term_allocate,
    term_certificates,
    term_detail,
    term_list,
    term_sessions,
)

__all__ = [
    "application_withdraw",
    "certificate",
    "class_detail",
    "class_door",
    "counter_apply",
    "my",
    "my_apply",
    "my_certificate",
    "my_checkin",
    "my_classes",
    "my_draw",
    "my_withdraw",
    "public_classes",
    "public_draw",
    "session_roll",
    "students",
    "term_allocate",
    "term_certificates",
    "term_detail",
    "term_list",
    "term_sessions",
]
