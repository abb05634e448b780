from django.contrib import admin

from apps.accounts.admin_mixins import NoDeleteMixin, ScopedAdmin, ScopedTabularInline

from .models import Checklist, ChecklistStep


class StepInline(NoDeleteMixin, ScopedTabularInline):
    model = ChecklistStep
    extra = 0
    fields = ["step", "done_on", "done_by", "note"]
    readonly_fields = ["step", "done_on", "done_by", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Checklist)
class ChecklistAdmin(NoDeleteMixin, ScopedAdmin):
    """Read here: steps are recorded on the portal page (date and who did it)."""

    list_display = ["cadre", "trigger", "started_on", "completed_on"]
    list_filter = ["trigger", "completed_on"]
    list_select_related = ["cadre"]
    raw_id_fields = ["cadre"]
    readonly_fields = ["cadre", "trigger", "started_on", "completed_on"]
    inlines = [StepInline]

    def has_add_permission(self, request):
        return False
