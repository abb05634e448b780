"""Every write of the visits app, one module per area (visits, campaigns, generation, reminders;
calendar holds the festival dates)."""

from .campaigns import campaign_cancel, campaign_create, campaign_generate
from .generation import (
    visits_close_deceased,
    visits_generate,
    visits_generate_changed,
    visits_mark_overdue,
)
from .reminders import visits_remind
from .visits import visit_cancel, visit_correct, visit_corrections, visit_record

__all__ = [
    "campaign_cancel",
    "campaign_create",
    "campaign_generate",
    "visit_cancel",
    "visit_correct",
    "visit_corrections",
    "visit_record",
    "visits_close_deceased",
    "visits_generate",
    "visits_generate_changed",
    "visits_mark_overdue",
    "visits_remind",
]
