"""Factories and helpers for the subsidy, plan and request tests (test_subsidies*, test_plans*,
test_requests*)."""

import importlib
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.apps import apps as django_apps
from django.utils import timezone
from factory.django import DjangoModelFactory

from apps.services.models import (
    Entitlement,
    EntitlementAmount,
    RequestUrgency,
    ServicePlan,
    ServiceRequest,
    SubsidyType,
)
from tests.factories import CadreFactory, UserFactory


def seed_subsidy_data() -> None:
    """Types, bands, needs and urgencies come from a data migration that a transactional test
    elsewhere may have flushed; the seed is get_or_create."""
    if not SubsidyType.objects.exists() or not RequestUrgency.objects.exists():
        importlib.import_module("apps.services.migrations.0005_seed_subsidy_data").seed(
            django_apps, None
        )


def subsidy_type(code: str) -> SubsidyType:
    seed_subsidy_data()
    return SubsidyType.objects.get(code=code)


class EntitlementFactory(DjangoModelFactory):
    """An entitlement with its first amount row, as entitlement_create makes it."""

    class Meta:
        model = Entitlement
        skip_postgeneration_save = True

    cadre = factory.SubFactory(CadreFactory)
    subsidy_type = factory.LazyFunction(lambda: subsidy_type("hardship"))
    monthly_amount = Decimal("300.00")
    starts_on = date(2026, 1, 1)
    ends_on = None
    approval_number = factory.Sequence(lambda n: f"老干〔2026〕{n}号")

    @factory.post_generation
    def first_amount(obj, create, extracted, **kwargs):
        if create:
            EntitlementAmount.objects.create(
                entitlement=obj, effective_from=obj.starts_on, monthly_amount=obj.monthly_amount
            )


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
