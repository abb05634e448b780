from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from unfold.admin import ModelAdmin
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from .admin_mixins import ScopedAdmin, ScopedFormfieldMixin
from .models import OrgUnit, User
from .roles import user_set_role

admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ModelAdmin):
    search_fields = ["name"]
    filter_horizontal = ["permissions"]


@admin.register(OrgUnit)
class OrgUnitAdmin(ScopedAdmin):
    list_display = ["indented_name", "kind", "code", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    ordering = ["path"]

    @admin.display(description="名称", ordering="path")
    def indented_name(self, obj):
        return "　" * (obj.depth - 1) + obj.name


@admin.register(User)
class UserAdmin(ScopedFormfieldMixin, BaseUserAdmin, ModelAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ["username", "full_name", "role", "unit", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "phone"]
    list_select_related = ["unit"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "phone", "email")}),
        ("角色与范围", {"fields": ("role", "unit", "is_active")}),
        (
            "高级权限",
            {"fields": ("is_superuser", "groups", "user_permissions"), "classes": ["collapse"]},
        ),
        ("时间", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "role", "unit", "password1", "password2")}),
    )

    def get_queryset(self, request):
        # Staff manage the users of their own subtree only (the one scope rule; superusers all).
        return User.objects.visible_to(request.user).select_related("unit")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Roles come with their groups (user_set_role); only a superuser grants more.
            readonly += ["is_superuser", "groups", "user_permissions"]
        return readonly

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user_set_role(user=form.instance, role=form.instance.role)


# -- personal-data access log (等保 / PIPL): read-only for everyone, superusers included ---------

from .personal_access import PersonalDataAccess  # noqa: E402


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ScopedAdmin):
    list_display = ["accessed_at", "user", "unit", "action", "what", "row_count", "ip"]
    list_filter = ["action"]
    list_select_related = ["user", "unit"]
    search_fields = ["user__username", "user__full_name", "what"]
    date_hierarchy = "accessed_at"
    readonly_fields = [f.name for f in PersonalDataAccess._meta.fields]

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or request.user.is_staff_role

    # A log someone can edit or delete proves nothing: no add, change or delete, for anyone.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
