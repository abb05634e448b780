"""Visit rules, visits and campaigns (tables kept from the services app: services_*)."""

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
