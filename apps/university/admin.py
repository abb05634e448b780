"""Staff set up terms, priority rules, courses, classes and weekly times here. Applications,
draws, attendance and certificates are written by the services (the draw, a withdrawal, a
move-up): the admin shows them read-only and never deletes them."""

from django.contrib import admin

from apps.accounts.admin_mixins import ScopedAdmin, ScopedHistoryAdmin, ScopedTabularInline

from .models import (
    Application,
    Attendance,
    Certificate,
    ClassSession,
    ClassSlot,
    Course,
    Draw,
    PriorityRule,
    SchoolClass,
    Term,
)


class NoDeleteMixin:
    """Records of work done are never hard-deleted (DESIGN.md)."""

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyMixin(NoDeleteMixin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PriorityRuleInline(ScopedTabularInline):
    model = PriorityRule
    fields = ["order", "kind", "age", "active"]


@admin.register(Term)
class TermAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    list_display = ["name", "unit", "status", "apply_opens_at", "apply_closes_at", "allocate_on"]
    list_filter = ["status"]
    search_fields = ["name"]
    list_select_related = ["unit"]
    readonly_fields = ["allocated_at", "allocated_by"]
    inlines = [PriorityRuleInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_allocated:
            # After the draw the window and the rules it used stay as they were.
            readonly += ["unit", "apply_opens_at", "apply_closes_at", "allocate_on"]
        return readonly


@admin.register(Course)
class CourseAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    list_display = ["name", "category", "unit", "active"]
    list_filter = ["active", "category"]
    search_fields = ["name"]
    list_select_related = ["unit"]


class ClassSlotInline(ScopedTabularInline):
    model = ClassSlot
    fields = ["weekday", "starts_at", "ends_at"]
    extra = 1


@admin.register(SchoolClass)
class SchoolClassAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    list_display = ["name", "course", "term", "teacher", "room", "quota", "fee", "status"]
    list_filter = ["status", "term"]
    search_fields = ["name", "teacher", "course__name"]
    list_select_related = ["course", "term"]
    exclude = ["door_token"]
    inlines = [ClassSlotInline]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyMixin, ScopedHistoryAdmin):
    list_display = ["cadre", "school_class", "status", "channel", "tier", "draw_rank"]
    list_filter = ["status", "channel"]
    search_fields = ["cadre__name", "school_class__name"]
    list_select_related = ["cadre", "school_class"]


@admin.register(Draw)
class DrawAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ["school_class", "seed", "applicants", "quota", "drawn_at"]
    list_select_related = ["school_class"]


@admin.register(ClassSession)
class ClassSessionAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    """Staff mark a session cancelled (停课); its date and times stay as generated."""

    list_display = ["school_class", "on", "starts_at", "ends_at", "status"]
    list_filter = ["status"]
    date_hierarchy = "on"
    list_select_related = ["school_class"]
    readonly_fields = ["school_class", "on", "starts_at", "ends_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyMixin, ScopedHistoryAdmin):
    list_display = ["application", "session", "status", "method", "on_behalf"]
    list_filter = ["status", "method"]
    list_select_related = ["application__cadre", "application__school_class", "session"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ["number", "application", "issued_on", "present", "sessions"]
    list_select_related = ["application__cadre", "application__school_class"]
