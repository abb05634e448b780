"""一人一策 service plans and 急难愁盼 service requests (tables kept from services: services_*)."""

from .plans import ServiceNeed, ServicePlan
from .requests import RATINGS, RequestUrgency, ServiceRequest

__all__ = ["RATINGS", "RequestUrgency", "ServiceNeed", "ServicePlan", "ServiceRequest"]
