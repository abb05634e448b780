"""Factories and helpers for the subsidy tests."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from apps.casework.models import RequestUrgency
from apps.subsidies.models import Entitlement, EntitlementAmount, SubsidyType
from tests.factories import CadreFactory
from tests.seeds import run_services_seed


def seed_subsidy_data() -> None:
    """Types, bands, needs and urgencies come from a data migration that a transactional test
    elsewhere may have flushed; the seed is get_or_create."""
    if not SubsidyType.objects.exists() or not RequestUrgency.objects.exists():
        run_services_seed("0005_seed_subsidy_data")


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
