from datetime import datetime, time, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apps.venues.models import Association, AssociationMember, Booking, Room, Venue
from tests.factories import OrgUnitFactory


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """An aware local datetime `days` from today at hour:minute."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class VenueFactory(DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"老干部活动中心{n}")
    unit = factory.SubFactory(OrgUnitFactory)


class RoomFactory(DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"多功能厅{n}")
    capacity = 40
    equipment = "钢琴、音响"


class AssociationFactory(DjangoModelFactory):
    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"老干部合唱团{n}")
    kind = Association.Kind.CHOIR
    unit = factory.SubFactory(OrgUnitFactory)


class BookingFactory(DjangoModelFactory):
    class Meta:
        model = Booking

    room = factory.SubFactory(RoomFactory)
    booker_kind = Booking.BookerKind.OTHER
    booker_name = "书法爱好者"
    purpose = "书法练习"
    starts_at = factory.LazyFunction(lambda: at(1, 9))
    ends_at = factory.LazyFunction(lambda: at(1, 11))


def matrix_objects(unit, cadre) -> dict:
    """The access/content matrices' venue objects of one world (tests/e2e/_matrix_world.py):
    the world's cadre leads an association there, so its page is read for their markers."""
    venue = VenueFactory(unit=unit)
    room = RoomFactory(venue=venue)
    association = AssociationFactory(unit=unit, home_venue=venue)
    AssociationMember.objects.create(
        association=association, cadre=cadre, role="leader", joined_on=timezone.localdate()
    )
    booking = BookingFactory(room=room, association=association, booker_kind="association")
    return {"venue": venue, "room": room, "association": association, "booking": booking}
