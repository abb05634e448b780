from django.contrib import admin

from apps.accounts.admin_mixins import ScopedAdmin
from apps.accounts.models import Role

from .models import Campaign, Visit, VisitRule


@admin.register(VisitRule)
class VisitRuleAdmin(ScopedAdmin):
    """Rules are bureau-wide data: any staff user with the permission edits them; a change is
    read by the next daily run."""

    list_display = [
        "name",
        "occasion",
        "is_active",
        "notice_days",
        "days_after",
        "subject",
        "responsible_role",
        "sort_order",
    ]
    list_editable = ["is_active", "notice_days"]
    list_filter = ["occasion", "is_active", "subject"]
    search_fields = ["name", "code"]
    fieldsets = [
        (None, {"fields": ["code", "name", "occasion", "is_active", "sort_order", "notes"]}),
        (
            "时间",
            {
                "fields": [
                    "festival_calendar",
                    "festival_month",
                    "festival_day",
                    "ages",
                    "age_reckoning",
                    "period",
                    "days_after",
                    "repeat_days",
                    "notice_days",
                    "remind_assignee",
                ]
            },
        ),
        (
            "覆盖对象",
            {
                "fields": [
                    "subject",
                    "retirement_kind",
                    "party_members_only",
                    "relocation",
                    "min_age",
                    "living_situations",
                    "health_levels",
                    "risk_any",
                ]
            },
        ),
        ("责任", {"fields": ["responsible_role"]}),
    ]

    def _bureau(self, request) -> bool:
        # Rules are city-wide policy: districts read them, the city bureau changes them.
        return request.user.is_superuser or request.user.role == Role.BUREAU_STAFF

    def has_add_permission(self, request):
        return self._bureau(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._bureau(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._bureau(request) and super().has_delete_permission(request, obj)


@admin.register(Visit)
class VisitAdmin(ScopedAdmin):
    list_display = [
        "cadre",
        "title",
        "occasion",
        "due_date",
        "status",
        "assignee",
        "done_on",
        "money",
    ]
    list_filter = ["status", "occasion", "form"]
    list_select_related = ["cadre", "assignee"]
    search_fields = ["cadre__name", "cadre__name_initials", "title", "occasion_key"]
    date_hierarchy = "due_date"
    raw_id_fields = ["cadre", "assignee", "recorded_by"]
    readonly_fields = ["occasion_key", "rule", "campaign", "created_at", "recorded_at"]
    ordering = ["due_date", "pk"]


@admin.register(Campaign)
class CampaignAdmin(ScopedAdmin):
    list_display = ["name", "unit", "starts_on", "ends_on", "created_by"]
    list_select_related = ["unit", "created_by"]
    search_fields = ["name"]
    readonly_fields = ["filters", "created_by", "created_at"]
