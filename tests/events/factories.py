from datetime import datetime, time, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apps.events.models import Event, Invitation
from tests.factories import CadreFactory, OrgUnitFactory


def at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"第{n}次情况通报会")
    kind = Event.Kind.BRIEFING
    unit = factory.SubFactory(OrgUnitFactory)
    starts_at = factory.LazyFunction(lambda: at(3, 9))
    ends_at = factory.LazyFunction(lambda: at(3, 11))
    place = "市委礼堂"


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation

    event = factory.SubFactory(EventFactory)
    cadre = factory.SubFactory(CadreFactory)


def matrix_objects(unit, cadre) -> dict:
    """The matrices' event objects of one world: an open event today in the world's unit with
    the world's cadre invited (so the staff pages and the cadre's own pages are read)."""
    now = timezone.localtime()
    start = now.replace(hour=0, minute=1, second=0, microsecond=0)
    event = EventFactory(
        unit=unit, starts_at=start, ends_at=start + timedelta(hours=23, minutes=58)
    )
    invitation = InvitationFactory(event=event, cadre=cadre)
    return {"event": event, "invitation": invitation, "invitation_token": invitation}
