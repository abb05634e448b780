import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.venues import selectors, services
from apps.venues.models import AssociationMember, Booking, VisitorCount
from tests.factories import CadreFactory

from .factories import AssociationFactory, BookingFactory, RoomFactory, VenueFactory

pytestmark = pytest.mark.django_db


def test_recording_a_day_again_corrects_it_and_keeps_the_old_value(staff_a, district_a):
    venue = VenueFactory(unit=district_a)
    day = timezone.localdate() - timedelta(days=1)
    services.visitor_count_record(venue=venue, day=day, count=120, by=staff_a)
    services.visitor_count_record(venue=venue, day=day, count=135, by=staff_a)
    row = VisitorCount.objects.get()
    assert row.count == 135
    assert sorted(h.count for h in row.history.all()) == [120, 135]


def test_a_future_day_or_a_negative_count_is_refused(staff_a, district_a):
    venue = VenueFactory(unit=district_a)
    with pytest.raises(ValidationError, match="今天以后"):
        services.visitor_count_record(
            venue=venue, day=timezone.localdate() + timedelta(days=1), count=5, by=staff_a
        )
    assert not VisitorCount.objects.exists()


def test_the_visitor_form_with_bad_input_says_so_and_saves_nothing(client, staff_a, district_a):
    venue = VenueFactory(unit=district_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("venues:visitors_record", args=[venue.pk]),
        {"day": "昨天", "count": "-3"},
        follow=True,
    )
    assert "接待人次未保存" in response.content.decode()
    assert not VisitorCount.objects.exists()


def _seed_year(district, year):
    venue = VenueFactory(unit=district, name="东城老干部活动中心")
    room = RoomFactory(venue=venue)
    VisitorCount.objects.create(venue=venue, day=date(year, 3, 1), count=100)
    VisitorCount.objects.create(venue=venue, day=date(year, 3, 2), count=50)
    VisitorCount.objects.create(venue=venue, day=date(year - 1, 3, 2), count=999)
    tz = timezone.get_current_timezone()

    def dt(m, d, h):
        return datetime(year, m, d, h, tzinfo=tz)

    BookingFactory(room=room, starts_at=dt(3, 5, 9), ends_at=dt(3, 5, 10))
    BookingFactory(room=room, starts_at=dt(3, 6, 9), ends_at=dt(3, 6, 10))
    BookingFactory(
        room=room, starts_at=dt(3, 7, 9), ends_at=dt(3, 7, 10), status=Booking.Status.CANCELLED
    )
    # 1 April 00:30 Beijing time is still 31 March in UTC: counted in April.
    BookingFactory(room=room, starts_at=dt(4, 1, 0), ends_at=dt(4, 1, 1))
    return venue


def test_the_report_counts_visitors_and_held_bookings_per_month_in_local_time(staff_a, district_a):
    venue = _seed_year(district_a, 2026)
    (row,) = selectors.monthly_report(user=staff_a, year=2026)
    assert row.venue == venue
    assert row.visitors[2] == 150 and row.visitors_total == 150
    assert row.bookings[2] == 2 and row.bookings[3] == 1 and row.bookings_total == 3


def test_another_district_sees_no_row_of_this_centre(staff_b, district_a):
    _seed_year(district_a, 2026)
    assert selectors.monthly_report(user=staff_b, year=2026) == []


def test_the_report_export_carries_the_same_figures(client, leader_a, district_a):
    _seed_year(district_a, 2026)
    client.force_login(leader_a)
    response = client.get(reverse("venues:report"), {"year": "2026", "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    visitors = next(r for r in rows if r[0] == "东城老干部活动中心" and r[2] == "接待人次")
    bookings = next(r for r in rows if r[0] == "东城老干部活动中心" and r[2] == "活动场次")
    assert visitors[3 + 2] == 150 and visitors[-1] == 150
    assert bookings[3 + 2] == 2 and bookings[-1] == 3


def test_a_bad_year_is_a_warning_not_a_500(client, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("venues:report"), {"year": "abc"})
    assert response.status_code == 200
    assert "年份“abc”无效" in response.content.decode()


def test_the_report_queries_do_not_grow_with_venues(
    client, staff_a, district_a, django_assert_max_num_queries
):
    for _ in range(5):
        RoomFactory(venue__unit=district_a)
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("venues:report"), {"year": "2026"})
    assert len(response.context["rows"]) == 5


def test_association_page_lists_current_members_with_their_roles(client, leader_a, district_a):
    choir = AssociationFactory(unit=district_a)
    leader_cadre, member_cadre, gone = CadreFactory.create_batch(3, unit=district_a)
    today = timezone.localdate()
    AssociationMember.objects.create(
        association=choir, cadre=leader_cadre, role="leader", joined_on=today
    )
    AssociationMember.objects.create(association=choir, cadre=member_cadre, joined_on=today)
    AssociationMember.objects.create(
        association=choir, cadre=gone, joined_on=today, left_on=today, left_reason="搬离"
    )
    client.force_login(leader_a)
    response = client.get(reverse("venues:association_detail", args=[choir.pk]))
    assert [m.cadre for m in response.context["members"]] == [leader_cadre, member_cadre]
    assert "会长" in response.content.decode()
