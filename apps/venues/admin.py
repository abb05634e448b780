from django.contrib import admin

from apps.accounts.admin_mixins import ScopedHistoryAdmin, ScopedTabularInline

from .models import Association, AssociationMember, Booking, Room, Venue, VisitorCount


class NoDeleteMixin:
    """Bookings, counts and memberships are records of work done: cancelled or ended, never
    deleted (a venue or room leaves service by its is_active flag)."""

    def has_delete_permission(self, request, obj=None):
        return False


class RoomInline(NoDeleteMixin, ScopedTabularInline):
    model = Room
    fields = ["name", "capacity", "equipment", "is_active"]


@admin.register(Venue)
class VenueAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    list_display = ["name", "unit", "area_m2", "opening_hours", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "address"]
    list_select_related = ["unit"]
    inlines = [RoomInline]


@admin.register(Room)
class RoomAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    list_display = ["name", "venue", "capacity", "equipment", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "venue__name", "equipment"]
    list_select_related = ["venue"]


class MemberInline(NoDeleteMixin, ScopedTabularInline):
    model = AssociationMember
    raw_id_fields = ["cadre"]
    fields = ["cadre", "role", "joined_on", "left_on", "left_reason"]


@admin.register(Association)
class AssociationAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    list_display = ["name", "kind", "unit", "home_venue", "founded_on", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    list_select_related = ["unit", "home_venue"]
    inlines = [MemberInline]


@admin.register(Booking)
class BookingAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    list_display = ["room", "starts_at", "ends_at", "booker_kind", "booker_name", "status"]
    list_filter = ["status", "booker_kind"]
    search_fields = ["booker_name", "purpose", "room__name"]
    list_select_related = ["room", "room__venue"]
    raw_id_fields = ["room", "association"]
    readonly_fields = ["cancelled_at", "cancelled_by", "created_by"]
    date_hierarchy = "starts_at"


@admin.register(VisitorCount)
class VisitorCountAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    list_display = ["venue", "day", "count", "recorded_by"]
    list_select_related = ["venue", "recorded_by"]
    readonly_fields = ["recorded_by"]
    date_hierarchy = "day"
