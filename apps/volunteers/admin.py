from django.contrib import admin
from unfold.admin import ModelAdmin

from apps.accounts.admin_mixins import ScopedAdmin, ScopedTabularInline

from .models import (
    ActivityPhoto,
    KeyProject,
    ProjectMilestone,
    ServiceField,
    ServiceRecord,
    TimeBankEntry,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)


@admin.register(ServiceField)
class ServiceFieldAdmin(ModelAdmin):
    list_display = ["name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(ScopedAdmin):
    list_display = ["name", "level", "parent", "unit", "brand", "leader", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "brand", "studio__name"]
    list_select_related = ["parent", "unit", "leader"]
    filter_horizontal = ["service_fields"]
    raw_id_fields = ["parent", "studio"]


@admin.register(Volunteer)
class VolunteerAdmin(ScopedAdmin):
    list_display = ["cadre", "registered_on", "status", "time_balance"]
    list_filter = ["status"]
    search_fields = ["cadre__name", "cadre__name_initials"]
    list_select_related = ["cadre"]
    raw_id_fields = ["cadre"]
    filter_horizontal = ["teams"]
    # The balance moves only through the ledger (services/timebank.py).
    readonly_fields = ["time_balance"]

    def has_add_permission(self, request):
        # Registration goes through services.volunteer_register (refuses non-cadres, the dead).
        return False


class ServiceRecordInline(ScopedTabularInline):
    model = ServiceRecord
    raw_id_fields = ["volunteer"]
    readonly_fields = ["status", "verified_by", "verified_at", "reject_reason"]


class ActivityPhotoInline(ScopedTabularInline):
    model = ActivityPhoto
    readonly_fields = ["image", "content_type", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(VolunteerActivity)
class VolunteerActivityAdmin(ScopedAdmin):
    list_display = ["title", "date", "team", "field", "beneficiaries"]
    list_filter = ["field", "date"]
    search_fields = ["title", "place"]
    date_hierarchy = "date"
    list_select_related = ["team", "field"]
    raw_id_fields = ["team", "project"]
    readonly_fields = ["recorded_by", "created_at"]
    inlines = [ServiceRecordInline, ActivityPhotoInline]


@admin.register(TimeBankEntry)
class TimeBankEntryAdmin(ScopedAdmin):
    list_display = ["volunteer", "kind", "hours", "balance_after", "on", "description"]
    list_filter = ["kind"]
    search_fields = ["volunteer__cadre__name"]
    list_select_related = ["volunteer__cadre"]

    # A ledger is append-only and written by the services; the admin only reads it.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MilestoneInline(ScopedTabularInline):
    model = ProjectMilestone


@admin.register(KeyProject)
class KeyProjectAdmin(ScopedAdmin):
    list_display = ["title", "partner", "unit", "status", "started_on", "ended_on"]
    list_filter = ["status"]
    search_fields = ["title", "partner"]
    list_select_related = ["unit"]
    filter_horizontal = ["teams"]
    inlines = [MilestoneInline]
