"""Transitional re-exports: the models now live in apps.visits, apps.subsidies and apps.casework
(apps.services is a migrations-only app)."""

from apps.casework.models import RequestUrgency, ServiceNeed, ServicePlan, ServiceRequest
from apps.subsidies.models import (
    CadreBankAccount,
    Entitlement,
    EntitlementAmount,
    Payment,
    PaymentBatch,
    SubsidyAgeBand,
    SubsidyType,
)
from apps.visits.models import (
    AgeReckoning,
    Campaign,
    FestivalCalendar,
    Occasion,
    Visit,
    VisitForm,
    VisitRule,
)

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
