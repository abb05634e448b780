import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from apps.venues import services
from apps.venues.models import Booking

from .factories import AssociationFactory, BookingFactory, RoomFactory, at

pytestmark = pytest.mark.django_db


def _book(room, by, start, end, **extra):
    return services.booking_create(
        room=room,
        by=by,
        booker_kind=extra.pop("booker_kind", Booking.BookerKind.BRANCH),
        booker_name=extra.pop("booker_name", "第一党支部"),
        purpose="主题党日",
        starts_at=start,
        ends_at=end,
        **extra,
    )


# --- the exclusion constraint, at the database ---------------------------------------------------
def test_the_database_refuses_an_overlapping_booking_saved_without_any_form():
    room = RoomFactory()
    BookingFactory(room=room, starts_at=at(1, 9), ends_at=at(1, 11))
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        Booking.objects.create(
            room=room,
            booker_kind="other",
            booker_name="门球队",
            purpose="开会",
            starts_at=at(1, 10),
            ends_at=at(1, 12),
        )
    assert Booking.objects.count() == 1


def test_the_database_refuses_a_booking_inside_another():
    room = RoomFactory()
    BookingFactory(room=room, starts_at=at(1, 9), ends_at=at(1, 12))
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(room=room, starts_at=at(1, 10), ends_at=at(1, 11))


def test_adjacent_slots_both_stand():
    room = RoomFactory()
    BookingFactory(room=room, starts_at=at(1, 9), ends_at=at(1, 10))
    BookingFactory(room=room, starts_at=at(1, 10), ends_at=at(1, 11))
    assert room.bookings.count() == 2


def test_a_cancelled_booking_leaves_its_slot_free_and_is_kept():
    room = RoomFactory()
    old = BookingFactory(room=room, starts_at=at(1, 9), ends_at=at(1, 11))
    Booking.objects.filter(pk=old.pk).update(status=Booking.Status.CANCELLED)
    BookingFactory(room=room, starts_at=at(1, 9), ends_at=at(1, 11))
    assert room.bookings.count() == 2
    assert room.bookings.live().count() == 1


def test_reviving_a_cancelled_booking_over_a_live_one_is_refused():
    room = RoomFactory()
    old = BookingFactory(room=room, status=Booking.Status.CANCELLED)
    BookingFactory(room=room)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(pk=old.pk).update(status=Booking.Status.BOOKED)


def test_the_same_hours_in_two_rooms_both_stand():
    BookingFactory(starts_at=at(1, 9), ends_at=at(1, 11))
    BookingFactory(starts_at=at(1, 9), ends_at=at(1, 11))
    assert Booking.objects.count() == 2


def test_a_booking_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError, match="booking_ends_after_start"), transaction.atomic():
        BookingFactory(starts_at=at(1, 11), ends_at=at(1, 9))


# --- the service: the refusal as a clear message ------------------------------------------------
def test_an_overlap_is_reported_in_chinese_naming_the_booking_in_the_way(staff_a, district_a):
    room = RoomFactory(venue__unit=district_a, name="合唱厅")
    BookingFactory(room=room, booker_name="银龄合唱团", starts_at=at(1, 9), ends_at=at(1, 11))
    with pytest.raises(ValidationError) as caught:
        _book(room, staff_a, at(1, 10), at(1, 12))
    message = " ".join(caught.value.messages)
    assert "合唱厅" in message and "银龄合唱团" in message and "不能重叠" in message
    assert Booking.objects.count() == 1


def test_more_people_than_the_room_holds_is_refused(staff_a, district_a):
    room = RoomFactory(venue__unit=district_a, capacity=20)
    with pytest.raises(ValidationError, match="超过活动室容纳人数 20"):
        _book(room, staff_a, at(1, 9), at(1, 10), expected_people=35)
    assert not Booking.objects.exists()


def test_an_association_booking_carries_the_association_name(staff_a, district_a):
    room = RoomFactory(venue__unit=district_a)
    choir = AssociationFactory(unit=district_a, name="夕阳红合唱团")
    booking = _book(
        room, staff_a, at(1, 9), at(1, 10), booker_kind="other", booker_name="", association=choir
    )
    assert (booking.booker_kind, booking.booker_name) == ("association", "夕阳红合唱团")


def test_cancelling_needs_a_reason_and_keeps_the_row(staff_a, district_a):
    booking = BookingFactory(room__venue__unit=district_a)
    with pytest.raises(ValidationError):
        services.booking_cancel(booking=booking, by=staff_a, reason=" ")
    services.booking_cancel(booking=booking, by=staff_a, reason="场地维修")
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason, booking.cancelled_by) == (
        "cancelled",
        "场地维修",
        staff_a,
    )
    with pytest.raises(ValidationError, match="已经取消"):
        services.booking_cancel(booking=booking, by=staff_a, reason="再取消")


@pytest.mark.django_db(transaction=True)
def test_two_staff_booking_the_same_slot_at_once_get_one_booking_and_one_message(
    staff_a, district_a
):
    room = RoomFactory(venue__unit=district_a)
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def run():
        try:
            barrier.wait()
            _book(room, staff_a, at(2, 14), at(2, 16))
            outcomes.append("booked")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert outcomes.count("booked") == 1
    assert Booking.objects.count() == 1


# --- the page -----------------------------------------------------------------------------------
def _post(client, room, starts_at, ends_at, **extra):
    data = {
        "booker_kind": "branch",
        "booker_name": "第二党支部",
        "purpose": "党课",
        "day": f"{starts_at:%Y-%m-%d}",
        "start": f"{starts_at:%H:%M}",
        "end": f"{ends_at:%H:%M}",
        **extra,
    }
    return client.post(reverse("venues:booking_create", args=[room.pk]), data)


def test_booking_from_the_page_saves_and_returns_to_the_centre(client, staff_a, district_a):
    room = RoomFactory(venue__unit=district_a)
    client.force_login(staff_a)
    response = _post(client, room, at(1, 9), at(1, 10))
    assert response.status_code == 302
    assert room.bookings.get().booker_name == "第二党支部"


def test_an_overlap_on_the_page_shows_the_message_and_saves_nothing(client, staff_a, district_a):
    room = RoomFactory(venue__unit=district_a)
    BookingFactory(room=room, starts_at=at(1, 9), ends_at=at(1, 11))
    client.force_login(staff_a)
    response = _post(client, room, at(1, 10), at(1, 12))
    assert response.status_code == 200
    assert "时间不能重叠" in response.content.decode()
    assert room.bookings.count() == 1


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"day": "2026-13-40"}, "日期"),
        ({"end": "08:00"}, "结束时间应晚于开始时间"),
        ({"booker_kind": "association"}, "请选择预约的社团"),
        ({"booker_name": ""}, "请填写预约方名称"),
    ],
)
def test_bad_input_on_the_page_is_explained_and_saves_nothing(
    client, staff_a, district_a, extra, message
):
    room = RoomFactory(venue__unit=district_a)
    client.force_login(staff_a)
    response = _post(client, room, at(1, 9), at(1, 10), **extra)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_another_districts_room_is_a_404(client, staff_b, district_a):
    room = RoomFactory(venue__unit=district_a)
    client.force_login(staff_b)
    assert client.get(reverse("venues:booking_create", args=[room.pk])).status_code == 404
    assert client.get(reverse("venues:venue_detail", args=[room.venue.pk])).status_code == 404


def test_leadership_sees_the_centre_but_may_not_book(client, leader_a, district_a):
    room = RoomFactory(venue__unit=district_a)
    client.force_login(leader_a)
    assert client.get(reverse("venues:venue_detail", args=[room.venue.pk])).status_code == 200
    assert client.get(reverse("venues:booking_create", args=[room.pk])).status_code == 403


def test_another_districts_booking_cannot_be_cancelled(client, staff_b, district_a):
    booking = BookingFactory(room__venue__unit=district_a)
    client.force_login(staff_b)
    response = client.post(reverse("venues:booking_cancel", args=[booking.pk]), {"reason": "x"})
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == "booked"


def test_the_admin_form_check_reports_an_overlap_in_chinese_instead_of_a_500():
    # ModelForm validation (the admin) runs the constraint's own check before saving.
    room = RoomFactory()
    BookingFactory(room=room, starts_at=at(1, 9), ends_at=at(1, 11))
    clash = Booking(
        room=room,
        booker_kind="other",
        booker_name="门球队",
        purpose="开会",
        starts_at=at(1, 10),
        ends_at=at(1, 12),
    )
    with pytest.raises(ValidationError, match="该活动室在这个时间段已有预约"):
        clash.validate_constraints()


def test_the_centre_list_queries_do_not_grow_with_centres(
    client, staff_a, district_a, django_assert_max_num_queries
):
    for _ in range(6):
        RoomFactory(venue__unit=district_a)
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("venues:venue_list"))
    assert response.context["page_obj"].paginator.count == 6
