"""Writes of the 老年大学 (one function per action), by topic."""

from .allocation import draw_key, draw_order, draw_verify, term_allocate, terms_allocate_due
from .attendance import (
    attendance_checkin,
    attendance_counts,
    attendance_roll,
    certificates_issue,
    sessions_generate,
    sessions_generate_due,
)
from .enrolment import (
    application_submit,
    application_withdraw,
    eligibility_error,
    waiting_list_move_up,
    waiting_lists_fill,
)
from .reminders import (
    KIND_MOVED_UP,
    KIND_PLACE,
    KIND_TOMORROW,
    class_starts_remind,
    places_remind,
    remind_applications,
)

__all__ = [
    "KIND_MOVED_UP",
    "KIND_PLACE",
    "KIND_TOMORROW",
    "application_submit",
    "application_withdraw",
    "attendance_checkin",
    "attendance_counts",
    "attendance_roll",
    "certificates_issue",
    "class_starts_remind",
    "draw_key",
    "draw_order",
    "draw_verify",
    "eligibility_error",
    "places_remind",
    "remind_applications",
    "sessions_generate",
    "sessions_generate_due",
    "term_allocate",
    "terms_allocate_due",
    "waiting_list_move_up",
    "waiting_lists_fill",
]
