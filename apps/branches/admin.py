from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from unfold.decorators import action

from apps.accounts.admin_mixins import ScopedAdmin, ScopedHistoryAdmin, ScopedTabularInline
from apps.accounts.models import Role, User

from . import services
from .models import (
    ActivityAttachment,
    Attendance,
    BranchActivity,
    ComplianceRule,
    DuesRate,
    DuesRecord,
    Membership,
    PartyBranch,
    PartyStudio,
    Rectification,
    SixGoodAssessment,
)


def _secretaries(request):
    # The one scope rule for users (User.objects.visible_to), narrowed to active secretaries.
    return User.objects.visible_to(request.user).filter(role=Role.SECRETARY, is_active=True)


class BureauOnlyMixin:
    """City-wide data (thresholds, dues rates): only the city bureau and superusers change it."""

    def _bureau(self, request) -> bool:
        return request.user.is_superuser or request.user.role == Role.BUREAU_STAFF

    def has_add_permission(self, request):
        return self._bureau(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._bureau(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._bureau(request) and super().has_delete_permission(request, obj)


class NoDeleteMixin:
    """Records of work done are never hard-deleted (DESIGN.md)."""

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(ScopedTabularInline):
    model = Membership
    fields = ["cadre", "role", "joined_on", "left_on", "left_reason", "pension"]
    raw_id_fields = ["cadre"]
    verbose_name_plural = "支部党员（含已转出）"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cadre").order_by("left_on", "pk")


@admin.register(PartyBranch)
class PartyBranchAdmin(ScopedHistoryAdmin):
    list_display = ["tree_name", "kind", "unit", "secretary", "founded_on", "demo_level"]
    list_filter = ["kind", "demo_level", "demo_year"]
    search_fields = ["name"]
    list_select_related = ["unit", "secretary", "parent"]
    ordering = ["unit__path", "parent_id", "name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("name", "kind", "parent", "unit", "secretary", "founded_on")}),
        ("示范党支部", {"fields": ("demo_level", "demo_year")}),
        ("其他", {"fields": ("address", "notes")}),
    )

    @admin.display(description="支部名称", ordering="name")
    def tree_name(self, obj):
        return f"└ {obj.name}" if obj.parent_id else obj.name

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "secretary":
            kwargs["queryset"] = _secretaries(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def view_on_site(self, obj):
        return reverse("branches:branch_detail", args=[obj.pk])


class MoveForm(forms.Form):
    to_branch = forms.ModelChoiceField(label="转入支部", queryset=PartyBranch.objects.none())
    on = forms.DateField(label="转移日期", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="转出原因", required=False, max_length=200)


@admin.register(Membership)
class MembershipAdmin(NoDeleteMixin, ScopedAdmin):
    list_display = ["cadre", "branch", "role", "joined_on", "left_on", "pension"]
    list_filter = [("left_on", admin.EmptyFieldListFilter), "role"]
    search_fields = ["cadre__name", "branch__name"]
    list_select_related = ["cadre", "branch"]
    raw_id_fields = ["cadre"]
    actions_detail = ["move"]
    actions_row = ["move"]

    @action(description="转移组织关系", url_path="move")
    def move(self, request, object_id):
        membership = get_object_or_404(self.get_queryset(request), pk=object_id)
        form = MoveForm(
            request.POST if request.method == "POST" else None, initial={"on": timezone.localdate()}
        )
        form.fields["to_branch"].queryset = PartyBranch.objects.visible_to(request.user).exclude(
            pk=membership.branch_id
        )
        if request.method == "POST" and form.is_valid():
            try:
                new = services.membership_move(
                    membership=membership,
                    to_branch=form.cleaned_data["to_branch"],
                    on=form.cleaned_data["on"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"已将{membership.cadre}转入{new.branch}。")
                return redirect(reverse("admin:branches_membership_change", args=[new.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"转移组织关系：{membership.cadre}",
            "membership": membership,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "branches/admin/move.html", context)


class AttendanceInline(ScopedTabularInline):
    model = Attendance
    fields = ["cadre", "status", "reason"]
    raw_id_fields = ["cadre"]


class AttachmentInline(ScopedTabularInline):
    model = ActivityAttachment
    fields = ["original_name", "file_type", "size", "uploaded_by", "created_at"]
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the portal's checked form


@admin.register(BranchActivity)
class BranchActivityAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    """No delete: a record is withdrawn (撤回) by filling in 撤回原因 and saving; it is kept with
    who, when and why, hidden from the portal's lists and compliance, and read-only after."""

    list_display = ["held_on", "kind", "topic", "branch", "recorded_by", "withdrawn_at"]
    list_filter = ["kind", "held_on", ("withdrawn_at", admin.EmptyFieldListFilter)]
    search_fields = ["topic", "branch__name"]
    list_select_related = ["branch", "recorded_by"]
    date_hierarchy = "held_on"
    inlines = [AttendanceInline, AttachmentInline]
    readonly_fields = ["recorded_by", "created_at", "updated_at", "withdrawn_at", "withdrawn_by"]

    def get_queryset(self, request):
        return BranchActivity.all_objects.visible_to(request.user).select_related(
            *self.list_select_related
        )

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_withdrawn:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        reason = (obj.withdrawn_reason or "").strip()
        obj.withdrawn_reason = ""
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
        if change and reason:
            services.activity_withdraw(activity=obj, by=request.user, reason=reason)
            obj.refresh_from_db()
            messages.info(request, "该记录已撤回：保留在数据库和修改历史中，不再计入统计。")


@admin.register(ComplianceRule)
class ComplianceRuleAdmin(BureauOnlyMixin, ScopedAdmin):
    list_display = ["kind", "period", "min_count", "is_active"]


@admin.register(DuesRate)
class DuesRateAdmin(BureauOnlyMixin, ScopedAdmin):
    list_display = ["above", "rate"]


@admin.register(DuesRecord)
class DuesRecordAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    list_display = ["month", "cadre", "branch", "amount", "paid_on", "paid_amount"]
    list_filter = ["month", ("paid_on", admin.EmptyFieldListFilter)]
    search_fields = ["cadre__name", "branch__name"]
    list_select_related = ["cadre", "branch"]
    raw_id_fields = ["cadre"]


@admin.register(SixGoodAssessment)
class SixGoodAssessmentAdmin(ScopedAdmin):
    list_display = ["branch", "year", "total", "result", "assessed_on"]
    list_filter = ["year", "result"]
    search_fields = ["branch__name"]
    list_select_related = ["branch"]
    fieldsets = (
        (None, {"fields": ("branch", "year", "assessed_on")}),
        (
            "六项评分（0-100）",
            {
                "fields": (
                    "organisation",
                    "leadership",
                    "members",
                    "study",
                    "role",
                    "rules",
                )
            },
        ),
        ("评定", {"fields": ("result", "notes")}),
    )

    @admin.display(description="总分")
    def total(self, obj):
        return obj.total


@admin.register(Rectification)
class RectificationAdmin(ScopedAdmin):
    list_display = ["branch", "short_problem", "deadline", "owner", "status"]
    list_filter = ["status", "deadline"]
    search_fields = ["problem", "branch__name"]
    list_select_related = ["branch", "owner"]
    # Evidence comes only through the portal's checked upload (apps.core.uploads).
    readonly_fields = [
        "evidence",
        "evidence_file",
        "evidence_name",
        "submitted_at",
        "closed_on",
        "created_by",
    ]
    actions = ["close_selected"]

    @admin.display(description="存在问题")
    def short_problem(self, obj):
        return obj.problem[:30]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            kwargs["queryset"] = _secretaries(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="验收通过（标记为已完成）")
    def close_selected(self, request, queryset):
        today = timezone.localdate()
        done = 0
        for rect in queryset.exclude(status=Rectification.Status.DONE):
            services.rectification_close(rectification=rect, on=today)
            done += 1
        messages.success(request, f"已验收 {done} 项整改任务。")


@admin.register(PartyStudio)
class PartyStudioAdmin(ScopedAdmin):
    list_display = ["name", "kind", "unit", "branch", "leader", "established_on"]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_select_related = ["unit", "branch", "leader"]
    raw_id_fields = ["leader"]
