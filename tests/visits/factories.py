from datetime import date

import factory
from factory.django import DjangoModelFactory

from apps.cadres.models import Hospitalization, LifeEvent
from apps.visits.models import Campaign, Occasion, Visit
from tests.factories import CadreFactory, OrgUnitFactory


class VisitFactory(DjangoModelFactory):
    class Meta:
        model = Visit

    cadre = factory.SubFactory(CadreFactory)
    occasion = Occasion.ROUTINE
    occasion_key = factory.Sequence(lambda n: f"test:{n}")
    title = "日常走访"
    due_date = date(2026, 11, 20)


class HospitalizationFactory(DjangoModelFactory):
    class Meta:
        model = Hospitalization

    cadre = factory.SubFactory(CadreFactory)
    hospital = "市第一人民医院"
    admitted_on = date(2026, 11, 1)


class LifeEventFactory(DjangoModelFactory):
    class Meta:
        model = LifeEvent

    cadre = factory.SubFactory(CadreFactory)
    kind = LifeEvent.Kind.DISPUTE
    occurred_on = date(2026, 11, 1)
    description = "邻里纠纷"


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    name = "冬送温暖"
    unit = factory.SubFactory(OrgUnitFactory)
    starts_on = date(2026, 12, 1)
    ends_on = date(2027, 1, 31)
