import random
from datetime import date

from apps.accounts.models import OrgUnit, Role, User
from apps.branches import demo
from apps.branches.models import BranchActivity, Membership, PartyBranch

from .factories import PartyMemberFactory


def test_demo_seed_gives_secretary1_a_branch_with_members_and_is_idempotent(city):
    district = OrgUnit.objects.create(name="东城区", kind=OrgUnit.Kind.DISTRICT, parent=city)
    for _ in range(40):
        PartyMemberFactory(unit=district)
    demo.seed(rng=random.Random(1), today=date(2026, 11, 24), log=lambda *_: None)
    counts = (PartyBranch.objects.count(), BranchActivity.objects.count())
    demo.seed(rng=random.Random(1), today=date(2026, 11, 24), log=lambda *_: None)
    secretary = User.objects.get(username="secretary1")
    branch = PartyBranch.objects.get(secretary=secretary)
    assert secretary.role == Role.SECRETARY and secretary.check_password(demo.DEMO_PASSWORD)
    assert Membership.objects.active().filter(branch=branch).exists()
    assert (PartyBranch.objects.count(), BranchActivity.objects.count()) == counts
    assert BranchActivity.objects.filter(branch=branch, held_on__gt=date(2026, 11, 24)).count() == 0
