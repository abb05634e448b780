import random
from datetime import date

import pytest
from django.utils import timezone

from apps.events import demo as events_demo
from apps.events.models import Event, Invitation
from apps.venues import demo as venues_demo
from apps.venues.models import Association, Booking, Venue
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_a_centre_associations_and_events_once(city):
    CadreFactory.create_batch(30, unit=city, birth_date=date(1940, 5, 1))
    lines = []
    for _ in range(2):
        for module in (venues_demo, events_demo):
            module.seed(rng=random.Random(7), today=timezone.localdate(), log=lines.append)
    assert Venue.objects.count() == 1 and Venue.objects.get().rooms.count() == 5
    assert Association.objects.count() == 3
    assert Booking.objects.exists()
    assert Event.objects.count() == 2
    assert Invitation.objects.filter(event__title=events_demo.BRIEFING).count() == 30
    assert sum("already present" in line for line in lines) == 2
