from django.contrib import admin

from apps.accounts.admin_mixins import ScopedAdmin

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(ScopedAdmin):
    list_display = ["title", "unit", "audience", "status", "sent_at"]
    list_filter = ["status", "audience"]
    search_fields = ["title"]
    readonly_fields = ["status", "sent_at", "sent_by", "withdrawn_at", "withdrawn_reason"]

    def has_delete_permission(self, request, obj=None):
        return False  # a sent notice and its receipts are a record: withdraw, never delete
