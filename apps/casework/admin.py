"""Admin of plans and requests: never deleted (closed on their pages); needs and urgencies are
data the city bureau edits."""

from django.contrib import admin

from apps.accounts.admin_mixins import BureauEditsMixin, NoDeleteMixin, ScopedAdmin

from .models import RequestUrgency, ServiceNeed, ServicePlan, ServiceRequest


@admin.register(ServiceNeed)
class ServiceNeedAdmin(BureauEditsMixin, ScopedAdmin):
    list_display = ["name", "description", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]


@admin.register(RequestUrgency)
class RequestUrgencyAdmin(BureauEditsMixin, ScopedAdmin):
    list_display = ["name", "response_hours", "sort_order"]


@admin.register(ServicePlan)
class ServicePlanAdmin(NoDeleteMixin, ScopedAdmin):
    list_display = ["title", "kind", "unit", "responsible", "review_on", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["unit", "responsible"]
    search_fields = ["title", "cadre__name", "group_description"]
    raw_id_fields = ["cadre"]
    filter_horizontal = ["needs"]


@admin.register(ServiceRequest)
class ServiceRequestAdmin(NoDeleteMixin, ScopedAdmin):
    list_display = ["cadre", "urgency", "received_at", "deadline", "assignee", "status"]
    list_filter = ["status", "urgency", "received_via"]
    list_select_related = ["cadre", "urgency", "assignee"]
    search_fields = ["cadre__name", "content"]
    raw_id_fields = ["cadre"]
    readonly_fields = ["deadline", "closed_at", "recorded_by", "created_at"]
