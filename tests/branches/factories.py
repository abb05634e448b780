from datetime import date

import factory
from factory.django import DjangoModelFactory

from apps.branches.models import (
    Attendance,
    BranchActivity,
    Membership,
    PartyBranch,
    Rectification,
)
from apps.cadres.models import Cadre
from tests.factories import CadreFactory, OrgUnitFactory


class PartyBranchFactory(DjangoModelFactory):
    class Meta:
        model = PartyBranch

    name = factory.Sequence(lambda n: f"第{n}党支部")
    unit = factory.SubFactory(OrgUnitFactory)
    founded_on = date(2000, 1, 1)


class PartyMemberFactory(CadreFactory):
    political_status = Cadre.Political.CPC
    party_joined_on = factory.LazyAttribute(lambda o: date(o.birth_date.year + 22, 7, 1))


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    branch = factory.SubFactory(PartyBranchFactory)
    cadre = factory.SubFactory(PartyMemberFactory, unit=factory.SelfAttribute("..branch.unit"))
    joined_on = date(2010, 1, 1)


class BranchActivityFactory(DjangoModelFactory):
    class Meta:
        model = BranchActivity

    branch = factory.SubFactory(PartyBranchFactory)
    kind = BranchActivity.Kind.COMMITTEE
    held_on = date(2026, 1, 15)
    topic = factory.Sequence(lambda n: f"学习会{n}")


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    activity = factory.SubFactory(BranchActivityFactory)
    cadre = factory.SubFactory(PartyMemberFactory)
    status = Attendance.Status.PRESENT


class RectificationFactory(DjangoModelFactory):
    class Meta:
        model = Rectification

    branch = factory.SubFactory(PartyBranchFactory)
    problem = "三会一课记录不全"
    deadline = date(2026, 12, 31)
