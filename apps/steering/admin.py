"""The bureau writes its lists, rubrics, rounds and projects in the admin (scoped, never deleted);
units report and the bureau reviews on the portal pages, where the history is kept."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.accounts.access import is_city_bureau
from apps.accounts.admin_mixins import (
    NoDeleteMixin,
    ScopedAdmin,
    ScopedHistoryAdmin,
    ScopedTabularInline,
)

from . import services
from .models import (
    AssessmentEntry,
    AssessmentRound,
    Milestone,
    Project,
    Rubric,
    RubricItem,
    TaskAssignment,
    TaskItem,
    TaskList,
)


class CityBureauWritesMixin:
    """Lists, rubrics and rounds are the city bureau's: others read them."""

    def has_add_permission(self, request, *args):
        return is_city_bureau(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_city_bureau(request.user) and super().has_change_permission(request, obj)


class TaskItemInline(NoDeleteMixin, ScopedTabularInline):
    model = TaskItem
    extra = 1
    fields = ["number", "title", "deadline", "weight", "evidence_expected", "owner_units"]


@admin.register(TaskList)
class TaskListAdmin(CityBureauWritesMixin, NoDeleteMixin, ScopedAdmin):
    list_display = ["title", "year", "unit", "status", "issued_on"]
    list_filter = ["year", "status"]
    readonly_fields = ["status", "issued_on"]
    fields = ["year", "title", "unit", "status", "issued_on"]
    inlines = [TaskItemInline]
    actions = ["issue"]

    @admin.action(description="下达所选清单（为每个责任单位生成任务）")
    def issue(self, request, queryset):
        today = timezone.localdate()
        for task_list in queryset:
            try:
                created = services.task_list_issue(task_list=task_list, by=request.user, on=today)
            except ValidationError as exc:
                messages.error(request, f"{task_list}：{'；'.join(exc.messages)}")
            else:
                messages.success(request, f"{task_list}：已下达，新增 {created} 项单位任务。")


@admin.register(TaskAssignment)
class TaskAssignmentAdmin(NoDeleteMixin, ScopedAdmin):
    """Read here; reports and reviews happen on the portal page (with their history)."""

    list_display = ["item", "unit", "status", "self_score", "deduction", "score"]
    list_filter = ["status", "item__task_list__year"]
    list_select_related = ["item", "unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RubricItemInline(NoDeleteMixin, ScopedTabularInline):
    model = RubricItem
    extra = 1
    fields = ["code", "parent", "title", "points", "kind", "source", "metric", "rule"]


@admin.register(Rubric)
class RubricAdmin(CityBureauWritesMixin, NoDeleteMixin, ScopedAdmin):
    list_display = ["name", "kind", "unit"]
    inlines = [RubricItemInline]


class EntryInline(NoDeleteMixin, ScopedTabularInline):
    model = AssessmentEntry
    extra = 1
    fields = ["unit", "candidate", "status", "total"]
    readonly_fields = ["status", "total"]


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(CityBureauWritesMixin, NoDeleteMixin, ScopedAdmin):
    list_display = ["title", "year", "rubric", "task_list"]
    list_filter = ["year"]
    inlines = [EntryInline]


class MilestoneInline(NoDeleteMixin, ScopedTabularInline):
    model = Milestone
    extra = 1
    fields = ["title", "due_on", "done_on", "done_by"]
    readonly_fields = ["done_on", "done_by"]


@admin.register(Project)
class ProjectAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    list_display = ["title", "kind", "year", "unit", "budget", "status"]
    list_filter = ["year", "kind", "status"]
    inlines = [MilestoneInline]
