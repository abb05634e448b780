"""Admin of the subsidy tables. Money moves only through the services (pages): entitlements,
batches and payments are read-only here, with their audit trail; the rule tables (types, age
bands) are data the city bureau edits."""

from django.contrib import admin

from apps.accounts.admin_mixins import (
    BureauEditsMixin,
    ReadOnlyMixin,
    ScopedAdmin,
    ScopedHistoryAdmin,
    ScopedTabularInline,
)
from apps.accounts.masking import shown

from .models import (
    CadreBankAccount,
    Entitlement,
    EntitlementAmount,
    Payment,
    PaymentBatch,
    SubsidyAgeBand,
    SubsidyType,
)


class SubsidyAgeBandInline(BureauEditsMixin, ScopedTabularInline):
    model = SubsidyAgeBand


@admin.register(SubsidyType)
class SubsidyTypeAdmin(BureauEditsMixin, ScopedAdmin):
    list_display = ["name", "code", "rule", "retirement_kind", "standard_amount", "is_active"]
    inlines = [SubsidyAgeBandInline]


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
