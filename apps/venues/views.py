"""Staff pages of the activity centres: centres and rooms, bookings, visitor counts, the yearly
report and its export, associations. Reads for staff and leadership in scope; writes for unit
staff (leadership: 403)."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import STAFF_AND_LEADERSHIP, UNIT_STAFF, has_role, role_required
from apps.core.forms import errors_into_form
from apps.core.params import year_param

from . import exports, selectors, services
from .forms import BookingForm, CancelForm, VisitorCountForm
from .models import Association, AssociationMember, Booking, Room, Venue

DAYS_SHOWN = 14


@role_required(STAFF_AND_LEADERSHIP)
def venue_list(request):
    venues = selectors.venue_list(user=request.user)
    page = Paginator(venues, 30).get_page(request.GET.get("page"))
    return render(request, "venues/venue_list.html", {"page_obj": page})


@role_required(STAFF_AND_LEADERSHIP)
def venue_detail(request, pk):
    venue = get_object_or_404(Venue.objects.visible_to(request.user).select_related("unit"), pk=pk)
    today = timezone.localdate()
    bookings = selectors.bookings_between(
        user=request.user, start=today, end=today + timedelta(days=DAYS_SHOWN - 1), venue=venue
    )
    recent = venue.visitor_counts.filter(day__gte=today - timedelta(days=13)).order_by("-day")
    return render(
        request,
        "venues/venue_detail.html",
        {
            "venue": venue,
            "rooms": venue.rooms.order_by("name"),
            "bookings": bookings,
            "recent_counts": recent,
            "visitor_form": VisitorCountForm(initial={"day": today}),
            "can_write": has_role(request.user, UNIT_STAFF),
            "days_shown": DAYS_SHOWN,
        },
    )


@role_required(UNIT_STAFF)
def booking_create(request, pk):
    room = get_object_or_404(Room.objects.visible_to(request.user).select_related("venue"), pk=pk)
    form = BookingForm(request.POST or None, room=room, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_create(room=room, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            errors_into_form(form, error)
        else:
            start = timezone.localtime(booking.starts_at)
            messages.success(
                request, f"已预约 {room.name}：{start:%m月%d日 %H:%M}，{booking.purpose}。"
            )
            return redirect(room.venue)
    return render(request, "venues/booking_form.html", {"form": form, "room": room})


@require_POST
@role_required(UNIT_STAFF)
def booking_cancel(request, pk):
    booking = get_object_or_404(
        Booking.objects.visible_to(request.user).select_related("room__venue"), pk=pk
    )
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写取消原因。")
    else:
        try:
            services.booking_cancel(
                booking=booking, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "预约已取消，记录保留。")
    return redirect(booking.room.venue)


@require_POST
@role_required(UNIT_STAFF)
def visitors_record(request, pk):
    venue = get_object_or_404(Venue.objects.visible_to(request.user), pk=pk)
    form = VisitorCountForm(request.POST)
    if not form.is_valid():
        messages.error(request, "接待人次未保存：请填写日期和 0 以上的人次。")
        return redirect(venue)
    try:
        row = services.visitor_count_record(venue=venue, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, "接待人次未保存：" + " ".join(error.messages))
    else:
        messages.success(request, f"已登记 {row.day:%m月%d日} 接待 {row.count} 人次。")
    return redirect(venue)


@role_required(STAFF_AND_LEADERSHIP)
def report(request):
    year = year_param(request, default=timezone.localdate().year)
    rows = selectors.monthly_report(user=request.user, year=year)
    if request.GET.get("format") == "xlsx":
        return exports.report_xlsx(rows=rows, year=year)
    return render(
        request,
        "venues/report.html",
        {
            "rows": rows,
            "total": selectors.report_totals(rows),
            "year": year,
            "months": range(1, 13),
        },
    )


@role_required(STAFF_AND_LEADERSHIP)
def association_list(request):
    page = Paginator(selectors.association_list(user=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "venues/association_list.html", {"page_obj": page})


@role_required(STAFF_AND_LEADERSHIP)
def association_detail(request, pk):
    association = get_object_or_404(
        Association.objects.visible_to(request.user).select_related("unit", "home_venue"), pk=pk
    )
    members = (
        AssociationMember.objects.visible_to(request.user)
        .current()
        .filter(association=association)
        .select_related("cadre", "cadre__unit")
        .order_by("role", "cadre__name")
    )
    today = timezone.localdate()
    bookings = (
        Booking.objects.visible_to(request.user)
        .live()
        .filter(association=association, ends_at__gte=selectors.local_start(today))
        .select_related("room", "room__venue")
        .order_by("starts_at")[:20]
    )
    return render(
        request,
        "venues/association_detail.html",
        {"association": association, "members": members, "bookings": bookings},
    )
