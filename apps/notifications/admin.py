from django.contrib import admin
from django.utils import timezone

from apps.accounts.admin_mixins import ScopedAdmin, ScopedTabularInline

from . import kinds
from .models import Delivery, Reminder


class DeliveryInline(ScopedTabularInline):
    model = Delivery
    fields = ["channel", "status", "attempts", "next_attempt_at", "sent_at", "last_error"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class UpcomingFilter(admin.SimpleListFilter):
    title = "到期"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "即将到期（未关闭）"), ("past", "已过期")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "upcoming":
            return queryset.upcoming(on=today)
        if self.value() == "past":
            return queryset.filter(due_on__lt=today)
        return queryset


@admin.register(Reminder)
class ReminderAdmin(ScopedAdmin):
    list_display = [
        "subject",
        "recipient",
        "kind_label",
        "due_on",
        "created_at",
        "read_at",
        "closed_at",
    ]
    list_filter = [UpcomingFilter, "kind"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "key", "recipient__username", "recipient__full_name"]
    date_hierarchy = "due_on"
    readonly_fields = ["recipient", "kind", "key", "target_type", "target_id", "created_at"]
    inlines = [DeliveryInline]
    ordering = ["due_on", "pk"]

    def get_queryset(self, request):
        # Staff look after their colleagues' reminders too (see ReminderQuerySet.administrable_by).
        return Reminder.objects.administrable_by(request.user).select_related("recipient")

    @admin.display(description="类别", ordering="kind")
    def kind_label(self, obj):
        return kinds.label(obj.kind)

    def has_add_permission(self, request):
        return False


@admin.register(Delivery)
class DeliveryAdmin(ScopedAdmin):
    """Failed and pending pushes, for support: what was tried, how often, and the last error."""

    list_display = [
        "reminder",
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "channel"]
    list_select_related = ["reminder"]
    readonly_fields = [
        "reminder",
        "channel",
        "attempts",
        "claimed_at",
        "sent_at",
        "last_error",
        "created_at",
    ]
    fields = ["reminder", "channel", "status", "next_attempt_at", *readonly_fields[2:]]

    def get_queryset(self, request):
        return Delivery.objects.filter(
            reminder__in=Reminder.objects.administrable_by(request.user)
        ).select_related("reminder")

    def has_add_permission(self, request):
        return False
