"""Services models, one module per area so the subsidies / service-plan work adds its own."""

from .campaigns import Campaign
from .rules import AgeReckoning, FestivalCalendar, Occasion, VisitRule
from .visits import Visit, VisitForm

__all__ = [
    "AgeReckoning",
    "Campaign",
    "FestivalCalendar",
    "Occasion",
    "Visit",
    "VisitForm",
    "VisitRule",
]
