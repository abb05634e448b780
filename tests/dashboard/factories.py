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
from tests.services.factories import VisitFactory
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
