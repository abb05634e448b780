"""The dashboard owns no tables: its tests build data with the other apps' factories."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from apps.cadres.models import Cadre
from apps.volunteers.models import ServiceRecord
from tests.branches.factories import (
    BranchActivityFactory,
    MembershipFactory,
    PartyBranchFactory,
    PartyMemberFactory,
)
from tests.factories import CadreFactory
from tests.publicity.factories import AdoptionFactory, SubmissionFactory
from tests.visits.factories import VisitFactory
from tests.volunteers.factories import ActivityFactory, RecordFactory, TeamFactory, VolunteerFactory

__all__ = [
    "AdoptionFactory",
    "BranchActivityFactory",
    "CadreFactory",
    "MembershipFactory",
    "PartyBranchFactory",
    "PartyMemberFactory",
    "SubmissionFactory",
    "VisitFactory",
    "district_scene",
]


def district_scene(unit, *, lixiu: int, tuixiu: int, hours: str, visits_done: int) -> dict:
    """A district with cadres of both kinds, a branch with one member and one party member in
    no branch (应统未统), a volunteer with confirmed hours this year, visits this month and an
    adopted information submission."""
    today = timezone.localdate()
    cadres = [
        CadreFactory(unit=unit, retirement_kind=Cadre.RetirementKind.LIXIU) for _ in range(lixiu)
    ]
    cadres += [
        CadreFactory(unit=unit, retirement_kind=Cadre.RetirementKind.TUIXIU) for _ in range(tuixiu)
    ]
    branch = PartyBranchFactory(unit=unit)
    member = MembershipFactory(branch=branch).cadre
    loner = PartyMemberFactory(unit=unit)
    BranchActivityFactory(branch=branch, held_on=today.replace(day=1))
    team = TeamFactory(unit=unit)
    volunteer = VolunteerFactory(cadre=cadres[0], teams=[team])
    RecordFactory(
        activity=ActivityFactory(team=team, date=today.replace(day=1)),
        volunteer=volunteer,
        hours=Decimal(hours),
        status=ServiceRecord.Status.CONFIRMED,
    )
    for cadre in cadres[:visits_done]:
        VisitFactory(cadre=cadre, due_date=today.replace(day=1), status="done", done_on=today)
    VisitFactory(cadre=cadres[-1], due_date=today.replace(day=2), status="overdue")
    AdoptionFactory(submission=SubmissionFactory(unit=unit, submitted_on=today))
    return {
        "cadres": cadres,
        "member": member,
        "loner": loner,
        "branch": branch,
        "volunteer": volunteer,
        # every cadre on the register: the listed ones plus the branch member and the loner
        "total": lixiu + tuixiu + 2,
        "year_start": date(today.year, 1, 1),
    }


def subsidy_paid(cadre, *, month: date, amount: str, type_name: str = "护理费（测试）", paid=True):
    """One paid (or pending) monthly payment of an entitlement of `cadre` (the batch of `month`
    and the entitlement are reused when they exist)."""
    from apps.subsidies.models import Entitlement, Payment, PaymentBatch, SubsidyType

    subsidy_type, _ = SubsidyType.objects.get_or_create(
        code=f"t{abs(hash(type_name)) % 10**6}", defaults={"name": type_name}
    )
    entitlement, _ = Entitlement.objects.get_or_create(
        cadre=cadre,
        subsidy_type=subsidy_type,
        defaults={"monthly_amount": Decimal(amount), "starts_on": date(month.year, 1, 1)},
    )
    batch, _ = PaymentBatch.objects.get_or_create(month=month)
    return Payment.objects.create(
        batch=batch,
        entitlement=entitlement,
        cadre=cadre,
        subsidy_type=subsidy_type,
        unit=cadre.unit,
        month=month,
        amount=Decimal(amount),
        status=Payment.Status.PAID if paid else Payment.Status.PENDING,
    )
