"""Reads of the venues app: a room's week, a venue's month, the yearly report per venue and month
(接待人次 and 活动场次), all in SQL (Sum/Count, one query each)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from .models import Association, Booking, Venue, VisitorCount


def local_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def bookings_between(*, user, start: date, end: date, venue: Venue | None = None):
    """Live and cancelled bookings starting on start..end (inclusive), in the user's scope."""
    qs = Booking.objects.visible_to(user).filter(
        starts_at__gte=local_start(start), starts_at__lt=local_start(end + timedelta(days=1))
    )
    if venue is not None:
        qs = qs.filter(room__venue=venue)
    return qs.select_related("room", "room__venue", "association").order_by("starts_at", "room")


def venue_list(*, user):
    today = timezone.localdate()
    month_start = today.replace(day=1)
    return (
        Venue.objects.visible_to(user)
        .select_related("unit")
        .annotate(
            room_count=Count("rooms", filter=Q(rooms__is_active=True), distinct=True),
            month_visitors=Sum(
                "visitor_counts__count", filter=Q(visitor_counts__day__gte=month_start)
            ),
        )
        .order_by("unit__path", "name")
    )


@dataclass
class ReportRow:
    venue: Venue
    visitors: list[int] = field(default_factory=lambda: [0] * 12)
    bookings: list[int] = field(default_factory=lambda: [0] * 12)

    @property
    def visitors_total(self) -> int:
        return sum(self.visitors)

    @property
    def bookings_total(self) -> int:
        return sum(self.bookings)


def monthly_report(*, user, year: int) -> list[ReportRow]:
    """Per venue in scope, per month of `year`: 接待人次 (sum of the daily counts) and 活动场次
    (bookings held, cancelled ones excluded). Two grouped queries whatever the number of venues."""
    venues = list(Venue.objects.visible_to(user).select_related("unit").order_by("unit__path"))
    rows = {v.pk: ReportRow(venue=v) for v in venues}
    visitors = (
        VisitorCount.objects.visible_to(user)
        .filter(day__year=year)
        .annotate(m=ExtractMonth("day"))
        .values("venue_id", "m")
        .annotate(total=Sum("count"))
        .order_by()
    )
    for item in visitors:
        if item["venue_id"] in rows:
            rows[item["venue_id"]].visitors[item["m"] - 1] = item["total"] or 0
    start, end = local_start(date(year, 1, 1)), local_start(date(year + 1, 1, 1))
    bookings = (
        Booking.objects.visible_to(user)
        .live()
        .filter(starts_at__gte=start, starts_at__lt=end)
        .annotate(m=ExtractMonth("starts_at", tzinfo=timezone.get_current_timezone()))
        .values("room__venue_id", "m")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for item in bookings:
        if item["room__venue_id"] in rows:
            rows[item["room__venue_id"]].bookings[item["m"] - 1] = item["total"]
    return list(rows.values())


def report_totals(rows: list[ReportRow]) -> ReportRow:
    total = ReportRow(venue=None)
    for row in rows:
        for i in range(12):
            total.visitors[i] += row.visitors[i]
            total.bookings[i] += row.bookings[i]
    return total


def association_list(*, user):
    return (
        Association.objects.visible_to(user)
        .select_related("unit", "home_venue")
        .annotate(
            member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True)
        )
        .order_by("unit__path", "name")
    )
