"""Every write of the branches app (keyword-only, typed, `<entity>_<action>`, own transactions)."""

from .activities import (
    activity_can_edit,
    activity_can_withdraw,
    activity_record,
    activity_update,
    activity_withdraw,
    attachment_add,
    attachment_delete,
)
from .dues import dues_generate_month, dues_pay, dues_standard
from .memberships import membership_join, membership_move
from .rectifications import (
    political_birthdays_remind,
    rectification_close,
    rectification_submit_evidence,
    rectifications_remind_overdue,
)

__all__ = [
    "activity_can_edit",
    "activity_can_withdraw",
    "activity_withdraw",
    "activity_record",
    "activity_update",
    "attachment_add",
    "attachment_delete",
    "dues_generate_month",
    "dues_pay",
    "dues_standard",
    "membership_join",
    "membership_move",
    "political_birthdays_remind",
    "rectification_close",
    "rectification_submit_evidence",
    "rectifications_remind_overdue",
]
