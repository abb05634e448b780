"""Services models, one module per area so the subsidies / service-plan work adds its own."""

from .campaigns import Campaign
from .plans import ServiceNeed, ServicePlan
from .requests import RequestUrgency, ServiceRequest
from .rules import AgeReckoning, FestivalCalendar, Occasion, VisitRule
from .subsidies import (
    CadreBankAccount,
    Entitlement,
    EntitlementAmount,
    Payment,
    PaymentBatch,
    SubsidyAgeBand,
    SubsidyType,
)
from .visits import Visit, VisitForm

__all__ = [
    "AgeReckoning",
    "CadreBankAccount",
    "Campaign",
    "Entitlement",
    "EntitlementAmount",
    "FestivalCalendar",
    "Occasion",
    "Payment",
    "PaymentBatch",
    "RequestUrgency",
    "ServiceNeed",
    "ServicePlan",
    "ServiceRequest",
    "SubsidyAgeBand",
    "SubsidyType",
    "Visit",
    "VisitForm",
    "VisitRule",
]
