from django.contrib import admin

from apps.accounts.admin_mixins import (
    BureauEditsMixin,
    NoDeleteMixin,
    ScopedAdmin,
    ScopedHistoryAdmin,
)

from .models import Campaign, Visit, VisitRule


@admin.register(VisitRule)
class VisitRuleAdmin(BureauEditsMixin, ScopedAdmin):
    """Rules are city-wide policy: districts read them, the city bureau (局机关) changes them; a
    change is read by the next daily run."""

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


@admin.register(Visit)
class VisitAdmin(NoDeleteMixin, ScopedHistoryAdmin):
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

    def has_change_permission(self, request, obj=None):
        # A done visit changes only by a correction (更正, with a reason) on the visit page.
        if obj is not None and obj.status == Visit.Status.DONE:
            return False
        return super().has_change_permission(request, obj)


@admin.register(Campaign)
class CampaignAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    """A campaign is cancelled (撤销, on its page, with a reason), never deleted: deleting it
    would take its done visits."""

    list_display = ["name", "unit", "starts_on", "ends_on", "created_by", "cancelled_at"]
    list_select_related = ["unit", "created_by"]
    search_fields = ["name"]
    readonly_fields = [
        "filters",
        "created_by",
        "created_at",
        "cancelled_at",
        "cancelled_by",
        "cancelled_reason",
    ]
