"""Every write of the services app. One module per area (visits, campaigns, generation …); the
subsidy / service-plan work adds its own modules and re-exports them here."""

from .campaigns import campaign_create, campaign_generate
from .generation import visits_close_deceased, visits_generate, visits_mark_overdue
from .reminders import visits_remind
from .visits import visit_cancel, visit_record

__all__ = [
    "campaign_create",
    "campaign_generate",
    "visit_cancel",
    "visit_record",
    "visits_close_deceased",
    "visits_generate",
    "visits_mark_overdue",
    "visits_remind",
]
