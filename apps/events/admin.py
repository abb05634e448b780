from django.contrib import admin

from apps.accounts.admin_mixins import ScopedHistoryAdmin

from .models import Event, Invitation


class NoDeleteMixin:
    """Events and invitations are records of work done: cancelled or closed, never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    list_display = ["title", "kind", "unit", "starts_at", "place", "status", "visit_if_missed"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "place"]
    list_select_related = ["unit"]
    readonly_fields = ["status", "closed_at", "cancel_reason", "created_by"]
    date_hierarchy = "starts_at"


@admin.register(Invitation)
class InvitationAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    list_display = ["event", "cadre", "response", "response_via", "checked_in_at"]
    list_filter = ["response", "response_via"]
    search_fields = ["cadre__name", "event__title"]
    list_select_related = ["event", "cadre"]
    raw_id_fields = ["event", "cadre"]
    readonly_fields = [
        "response",
        "response_via",
        "responded_at",
        "responded_by",
        "checked_in_at",
        "checked_in_by",
        "missed_at",
    ]

    def has_add_permission(self, request):
        # Invitations come from the invite page (the group filter, in scope), not one by one here.
        return False
