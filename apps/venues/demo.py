"""Demo activity centre: the city's centre with five rooms, three associations (合唱团, 书画协会,
门球协会) with leaders and members from the demo register, a fortnight of bookings and two
months of visitor counts. Idempotent: a second run adds nothing."""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import OrgUnit
from apps.cadres.models import Cadre

from .models import Association, AssociationMember, Booking, Room, Venue, VisitorCount

ORDER = 60
CENTRE = "市老干部活动中心"
ROOMS = [
    ("多功能厅", 200, "舞台、音响、投影"),
    ("合唱排练室", 60, "钢琴、音响"),
    ("书画室", 30, "书画桌、毛毡、笔墨"),
    ("棋牌室", 40, "棋牌桌"),
    ("门球场", 50, "标准门球场地、遮阳棚"),
]
ASSOCIATIONS = [
    ("老干部合唱团", Association.Kind.CHOIR, "合唱排练室", 2, 9),
    ("老干部书画协会", Association.Kind.CALLIGRAPHY, "书画室", 4, 14),
    ("老干部门球协会", Association.Kind.GATEBALL, "门球场", 1, 8),
]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@transaction.atomic
def seed(*, rng: random.Random, today: date, log) -> None:
    if Venue.objects.filter(name=CENTRE).exists():
        log("  venues: demo data already present")
        return
    city = OrgUnit.objects.filter(parent=None, kind=OrgUnit.Kind.CITY).order_by("pk").first()
    if city is None:
        log("  venues: no city unit, skipped")
        return
    venue = Venue.objects.create(
        name=CENTRE,
        unit=city,
        address="人民路 88 号",
        area_m2=2600,
        opening_hours="周二至周日 8:30–17:30",
        phone="0000-12345678",
    )
    rooms = {
        name: Room.objects.create(venue=venue, name=name, capacity=cap, equipment=eq)
        for name, cap, eq in ROOMS
    }
    cadres = list(Cadre.objects.alive().order_by("pk").values_list("pk", flat=True)[:300])
    bookings = []
    for name, kind, room_name, weekday, hour in ASSOCIATIONS:
        association = Association.objects.create(
            name=name,
            kind=kind,
            unit=city,
            home_venue=venue,
            founded_on=date(2012 + len(name) % 5, 3, 1),
            description=f"{name}每周在{room_name}活动，欢迎老同志参加。",
        )
        members = rng.sample(cadres, min(len(cadres), rng.randint(18, 30)))
        AssociationMember.objects.bulk_create(
            AssociationMember(
                association=association,
                cadre_id=pk,
                role=("leader" if i == 0 else "deputy" if i == 1 else "member"),
                joined_on=today - timedelta(days=rng.randint(30, 2000)),
            )
            for i, pk in enumerate(members)
        )
        for offset in range(-30, 15):
            day = today + timedelta(days=offset)
            if day.isoweekday() == weekday:
                bookings.append(
                    Booking(
                        room=rooms[room_name],
                        booker_kind=Booking.BookerKind.ASSOCIATION,
                        booker_name=name,
                        association=association,
                        purpose="例行活动",
                        starts_at=_at(day, hour),
                        ends_at=_at(day, hour + 2),
                        expected_people=len(members),
                    )
                )
    for offset in range(-20, 14, 7):
        day = today + timedelta(days=offset)
        bookings.append(
            Booking(
                room=rooms["多功能厅"],
                booker_kind=Booking.BookerKind.BRANCH,
                booker_name="市直机关离退休干部第一党支部",
                purpose="主题党日",
                starts_at=_at(day, 14),
                ends_at=_at(day, 16),
                expected_people=45,
            )
        )
    Booking.objects.bulk_create(bookings)
    VisitorCount.objects.bulk_create(
        VisitorCount(venue=venue, day=today - timedelta(days=d), count=rng.randint(150, 420))
        for d in range(1, 61)
        if (today - timedelta(days=d)).isoweekday() != 1  # closed on Mondays
    )
    log(
        f"  venues: {CENTRE}, {len(rooms)} rooms, {len(ASSOCIATIONS)} associations, "
        f"{len(bookings)} bookings"
    )
