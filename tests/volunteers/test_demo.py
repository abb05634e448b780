import random
from datetime import date

import pytest

from apps.accounts.models import OrgUnit, User
from apps.volunteers import demo
from apps.volunteers.models import ServiceRecord, TimeBankEntry, Volunteer, VolunteerTeam
from tests.factories import CadreFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


@pytest.fixture
def register(city):
    for name in ("东城区", "西城区"):
        district = OrgUnitFactory(name=name, parent=city, kind=OrgUnit.Kind.DISTRICT)
        town = OrgUnitFactory(name=f"{name}街道", parent=district, kind=OrgUnit.Kind.TOWNSHIP)
        CadreFactory.create_batch(15, unit=town)


def _seed():
    demo.seed(rng=random.Random(1), today=TODAY, log=lambda *_: None)


def test_demo_seed_makes_teams_volunteers_and_credited_hours(register):
    _seed()
    leader = User.objects.get(username="team_leader1")
    assert VolunteerTeam.objects.filter(leader=leader).count() == 1
    assert leader.check_password("demo-pass-2026")
    assert Volunteer.objects.count() == 30
    confirmed = ServiceRecord.objects.confirmed().count()
    assert confirmed > 0
    assert TimeBankEntry.objects.count() == confirmed


def test_demo_seed_twice_adds_nothing_the_second_time(register):
    _seed()
    counts = (VolunteerTeam.objects.count(), ServiceRecord.objects.count())
    _seed()
    assert (VolunteerTeam.objects.count(), ServiceRecord.objects.count()) == counts
