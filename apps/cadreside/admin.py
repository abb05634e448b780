from django.contrib import admin

from apps.accounts.admin_mixins import ScopedAdmin

from .models import LoginCard, SignInAttempt


@admin.register(LoginCard)
class LoginCardAdmin(ScopedAdmin):
    list_display = ["number", "cadre", "holder", "issued_at", "revoked_at"]
    readonly_fields = [
        "cadre",
        "holder",
        "number",
        "issued_by",
        "issued_at",
        "revoked_at",
        "revoked_by",
    ]
    search_fields = ["number", "cadre__name"]

    def has_add_permission(self, request):
        return False  # cards are issued from the card desk (/me/staff/…), never typed in

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SignInAttempt)
class SignInAttemptAdmin(ScopedAdmin):
    list_display = ["at", "method", "success", "reason", "card", "number", "ip", "user_agent"]
    list_filter = ["method", "success"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
