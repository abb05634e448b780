"""Factories for the plan and request tests."""

from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apps.casework.models import RequestUrgency, ServicePlan, ServiceRequest
from tests.factories import CadreFactory, UserFactory
from tests.subsidies.factories import seed_subsidy_data


class ServicePlanFactory(DjangoModelFactory):
    class Meta:
        model = ServicePlan

    kind = ServicePlan.Kind.INDIVIDUAL
    title = factory.Sequence(lambda n: f"一人一策方案{n}")
    cadre = factory.SubFactory(CadreFactory, retirement_kind="lixiu")
    unit = factory.LazyAttribute(lambda o: o.cadre.unit if o.cadre else None)
    measures = "每月上门一次，协调社区医生定期体检。"
    responsible = factory.SubFactory(UserFactory, role="district_staff")
    review_on = date(2026, 12, 1)


class ServiceRequestFactory(DjangoModelFactory):
    class Meta:
        model = ServiceRequest

    cadre = factory.SubFactory(CadreFactory)
    received_via = ServiceRequest.Via.PHONE
    received_at = factory.LazyFunction(timezone.now)
    content = "家中水管漏水，行动不便，请求协助维修。"
    urgency = factory.LazyFunction(
        lambda: (seed_subsidy_data(), RequestUrgency.objects.get(name="紧急"))[1]
    )
    deadline = factory.LazyAttribute(
        lambda o: o.received_at + timedelta(hours=o.urgency.response_hours)
    )
