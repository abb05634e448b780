from django.contrib import admin

from apps.accounts.admin_mixins import ScopedAdmin

from .models import Suggestion


@admin.register(Suggestion)
class SuggestionAdmin(ScopedAdmin):
    list_display = ["title", "cadre", "status", "department", "deadline", "adopted"]
    list_filter = ["status", "adopted"]
    search_fields = ["title"]
    readonly_fields = ["cadre", "submitted_by", "on_behalf", "triaged_by", "replied_by"]

    def has_add_permission(self, request):
        return False  # submitted from the cadre side

    def has_delete_permission(self, request, obj=None):
        return False
