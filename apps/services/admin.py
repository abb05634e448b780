from django.contrib import admin

from apps.accounts.admin_mixins import ScopedAdmin, ScopedHistoryAdmin
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


class NoDeleteMixin:
    """Records of work done are never hard-deleted (DESIGN.md): cancel, close or correct."""

    def has_delete_permission(self, request, obj=None):
        return False


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


# -- subsidies, plans, requests ----------------------------------------------------------------
# Money moves only through the services (pages): entitlements, batches and payments are read-only
# here, with their audit trail; the rule tables (types, age bands, needs, urgencies) are data the
# city bureau edits.

from apps.accounts.admin_mixins import ScopedTabularInline  # noqa: E402
from apps.accounts.masking import shown  # noqa: E402

from .models import (  # noqa: E402
    CadreBankAccount,
    Entitlement,
    EntitlementAmount,
    Payment,
    PaymentBatch,
    RequestUrgency,
    ServiceNeed,
    ServicePlan,
    ServiceRequest,
    SubsidyAgeBand,
    SubsidyType,
)


class BureauEditsMixin:
    def _bureau(self, request) -> bool:
        return request.user.is_superuser or request.user.role == Role.BUREAU_STAFF

    def has_add_permission(self, request, *args):
        return self._bureau(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._bureau(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._bureau(request) and super().has_delete_permission(request, obj)


class ReadOnlyMixin:
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SubsidyAgeBandInline(BureauEditsMixin, ScopedTabularInline):
    model = SubsidyAgeBand


@admin.register(SubsidyType)
class SubsidyTypeAdmin(BureauEditsMixin, ScopedAdmin):
    list_display = ["name", "code", "rule", "retirement_kind", "standard_amount", "is_active"]
    inlines = [SubsidyAgeBandInline]


@admin.register(ServiceNeed)
class ServiceNeedAdmin(BureauEditsMixin, ScopedAdmin):
    list_display = ["name", "description", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]


@admin.register(RequestUrgency)
class RequestUrgencyAdmin(BureauEditsMixin, ScopedAdmin):
    list_display = ["name", "response_hours", "sort_order"]


class EntitlementAmountInline(ReadOnlyMixin, ScopedTabularInline):
    model = EntitlementAmount
    fields = ["effective_from", "monthly_amount", "reason", "approval_number", "changed_by"]
    readonly_fields = fields


@admin.register(Entitlement)
class EntitlementAdmin(ReadOnlyMixin, ScopedHistoryAdmin):
    list_display = ["cadre", "subsidy_type", "monthly_amount", "starts_on", "ends_on"]
    list_filter = ["subsidy_type"]
    list_select_related = ["cadre", "subsidy_type"]
    search_fields = ["cadre__name", "cadre__name_initials", "approval_number"]
    inlines = [EntitlementAmountInline]


@admin.register(CadreBankAccount)
class CadreBankAccountAdmin(ReadOnlyMixin, ScopedHistoryAdmin):
    list_display = ["cadre", "bank_name", "account_name", "account", "updated_at"]
    list_select_related = ["cadre"]
    search_fields = ["cadre__name"]
    exclude = ["account_number"]
    readonly_fields = ["cadre", "bank_name", "account_name", "account", "updated_at"]

    def get_queryset(self, request):
        self._user = request.user
        return super().get_queryset(request)

    @admin.display(description="账号")
    def account(self, obj):
        return shown(getattr(self, "_user", None), obj.account_number, "account")


@admin.register(PaymentBatch)
class PaymentBatchAdmin(ReadOnlyMixin, ScopedHistoryAdmin):
    list_display = ["__str__", "status", "generated_at", "approved_at", "paid_at"]
    list_filter = ["status"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ["cadre", "subsidy_type", "month", "amount", "status", "batch", "unit"]
    list_filter = ["status", "subsidy_type", "batch"]
    list_select_related = ["cadre", "subsidy_type", "batch", "unit"]
    search_fields = ["cadre__name"]
    exclude = ["account_number"]


@admin.register(ServicePlan)
class ServicePlanAdmin(NoDeleteMixin, ScopedAdmin):
    list_display = ["title", "kind", "unit", "responsible", "review_on", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["unit", "responsible"]
    search_fields = ["title", "cadre__name", "group_description"]
    raw_id_fields = ["cadre"]
    filter_horizontal = ["needs"]


@admin.register(ServiceRequest)
class ServiceRequestAdmin(NoDeleteMixin, ScopedAdmin):
    list_display = ["cadre", "urgency", "received_at", "deadline", "assignee", "status"]
    list_filter = ["status", "urgency", "received_via"]
    list_select_related = ["cadre", "urgency", "assignee"]
    search_fields = ["cadre__name", "content"]
    raw_id_fields = ["cadre"]
    readonly_fields = ["deadline", "closed_at", "recorded_by", "created_at"]
