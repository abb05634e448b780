from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apps.volunteers.models import (
    KeyProject,
    ServiceField,
    ServiceRecord,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)
from tests.factories import CadreFactory, OrgUnitFactory


def field_named(name: str = "政策宣讲") -> ServiceField:
    return ServiceField.objects.get_or_create(name=name)[0]


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = VolunteerTeam

    name = factory.Sequence(lambda n: f"银发志愿服务队{n}")
    level = VolunteerTeam.Level.SQUAD
    unit = factory.SubFactory(OrgUnitFactory)
    brand = "银发生辉"


class VolunteerFactory(DjangoModelFactory):
    class Meta:
        model = Volunteer
        skip_postgeneration_save = True

    cadre = factory.SubFactory(CadreFactory)
    registered_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=400))

    @factory.post_generation
    def teams(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.teams.set(extracted)


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = VolunteerActivity

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"政策宣讲进社区{n}")
    date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    place = "人民路社区"
    field = factory.LazyFunction(field_named)
    beneficiaries = 10


class RecordFactory(DjangoModelFactory):
    class Meta:
        model = ServiceRecord

    activity = factory.SubFactory(ActivityFactory)
    volunteer = factory.SubFactory(VolunteerFactory)
    hours = Decimal("2.0")


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = KeyProject

    title = factory.Sequence(lambda n: f"银辉沐企{n}")
    partner = "市工商联"
    unit = factory.SubFactory(OrgUnitFactory)
    status = KeyProject.Status.ACTIVE


def team_with_members(unit, *, leader=None, n: int = 3, **kwargs):
    team = TeamFactory(unit=unit, leader=leader, **kwargs)
    members = [VolunteerFactory(cadre__unit=unit, teams=[team]) for _ in range(n)]
    return team, members
