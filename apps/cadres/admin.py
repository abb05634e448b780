from django.contrib import admin, messages
from django.utils.decorators import method_decorator
from django.views.decorators.gzip import gzip_page

from apps.accounts.admin_mixins import ScopedHistoryAdmin, ScopedTabularInline
from apps.accounts.masking import mask_id_number, mask_phone, sees_sensitive, shown

from . import services
from .filters import SENSITIVE_FILTERS, search_q
from .models import Cadre, FamilyContact, Hospitalization, LifeEvent


class FamilyContactInline(ScopedTabularInline):
    model = FamilyContact


class HospitalizationInline(ScopedTabularInline):
    model = Hospitalization
    can_delete = False
    fields = ["hospital", "admitted_on", "discharged_on", "diagnosis"]


class LifeEventInline(ScopedTabularInline):
    model = LifeEvent
    can_delete = False
    fields = ["kind", "occurred_on", "description", "resolved_on"]


class UnitSubtreeFilter(admin.SimpleListFilter):
    title = "管理单位（含下级）"
    parameter_name = "unit_tree"
    template = "admin/cadres/cadre/unit_filter.html"  # lean: up to 200 units

    def lookups(self, request, model_admin):
        from apps.accounts.models import OrgUnit

        units = OrgUnit.objects.visible_to(request.user).exclude(kind=OrgUnit.Kind.TOWNSHIP)
        return [(u.pk, u.name) for u in units[:200]]

    def queryset(self, request, queryset):
        from apps.accounts.models import OrgUnit

        if self.value() and not str(self.value()).isdigit():
            # ?unit_tree=abc: not a unit id; say so instead of a 500.
            messages.warning(request, "“管理单位”筛选条件无效，已忽略。", fail_silently=True)
            return queryset
        if self.value():
            unit = OrgUnit.objects.visible_to(request.user).filter(pk=self.value()).first()
            if unit:
                return queryset.filter(unit__path__startswith=unit.path)
        return queryset


@admin.register(Cadre)
class CadreAdmin(ScopedHistoryAdmin):
    list_display = [
        "name",
        "gender",
        "birth_date",
        "masked_id_number",
        "masked_phone",
        "unit",
        "retirement_kind",
        "rank",
        "political_status",
        "status",
    ]
    list_filter = [
        UnitSubtreeFilter,
        "retirement_kind",
        "rank",
        "political_status",
        "health",
        "living_situation",
        "relocated",
        "hardship",
        "status",
    ]
    list_select_related = ["unit"]
    # Lean at register scale (issue 21): 50 rows a page, no second COUNT(*) of the whole
    # register for "N total" (the filtered count stays), the unit by name without a link.
    list_per_page = 50
    show_full_result_count = False
    search_fields = ["name"]
    search_help_text = "姓名、拼音首字母（如 zjg）或身份证号后几位"
    autocomplete_fields = ["unit"]
    inlines = [FamilyContactInline, HospitalizationInline, LifeEventInline]
    fieldsets = (
        (
            "基本信息",
            {
                "fields": (
                    "name",
                    "gender",
                    "ethnicity",
                    "birth_date",
                    "id_number",
                    "phone",
                    "address",
                )
            },
        ),
        (
            "工作与离退休",
            {
                "fields": (
                    "unit",
                    "original_employer",
                    "original_post",
                    "retirement_kind",
                    "retirement_date",
                    "rank",
                )
            },
        ),
        ("政治面貌", {"fields": ("political_status", "party_joined_on")}),
        (
            "生活情况",
            {
                "fields": (
                    "health",
                    "living_situation",
                    "relocated",
                    "relocated_place",
                    "hardship",
                    "interests",
                )
            },
        ),
        (
            "状态（离册：已故 / 迁出 / 注销，记录保留）",
            {"fields": ("status", "deceased_on", "left_on", "left_reason", "notes")},
        ),
    )

    class Media:
        # The list's rows are lean (templates/admin/cadres/cadre/change_list_results.html): this
        # stylesheet gives them unfold's look.
        css = {"all": ["css/admin_cadre_list.css"]}

    @admin.display(description="身份证号")
    def masked_id_number(self, obj):  # replaced per request in get_list_display
        return mask_id_number(obj.id_number)

    @admin.display(description="联系电话")
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    @method_decorator(gzip_page)
    def changelist_view(self, request, extra_context=None):
        """Gzipped (≈ 1/8 of the bytes). BREACH: the page's CSRF token is masked anew for every
        response and Django's GZipMiddleware pads each response by a random length (Heal the
        Breach), so a reflected search term cannot be used to guess the rows' data by size."""
        return super().changelist_view(request, extra_context)

    def get_list_display(self, request):
        user = request.user  # masking depends on the viewer: bound per request, no shared state

        @admin.display(description="身份证号")
        def masked_id_number(obj):
            return shown(user, obj.id_number, "id")

        @admin.display(description="联系电话")
        def masked_phone(obj):
            return shown(user, obj.phone, "phone")

        columns = {"masked_id_number": masked_id_number, "masked_phone": masked_phone}
        hidden = set() if sees_sensitive(user) else {"birth_date"}
        return [columns.get(name, name) for name in self.list_display if name not in hidden]

    def get_list_filter(self, request):
        # A field the user may not see is no filter either (apps/cadres/filters.py).
        if sees_sensitive(request.user):
            return self.list_filter
        return [f for f in self.list_filter if f not in SENSITIVE_FILTERS]

    def get_fieldsets(self, request, obj=None):
        if sees_sensitive(request.user):
            return self.fieldsets
        hidden = {
            "id_number",
            "phone",
            "address",
            "health",
            "living_situation",
            "relocated",
            "relocated_place",
            "hardship",
        }
        return [
            (title, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for title, opts in self.fieldsets
        ]

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.filter(search_q(search_term, user=request.user)), False

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            obj._change_reason = f"状态变更：{obj.left_reason or obj.get_status_display()}"[:100]
        services.cadre_save(cadre=obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        """A cadre leaves the register by status (已故 / 迁出 / 注销), never by a delete: work
        records PROTECT the row anyway. Only a superuser may remove an entry made by mistake that
        has no record of work at all (a duplicate typed in error)."""
        if not request.user.is_superuser:
            return False
        return obj is None or not services.cadre_has_work_records(obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Hospitalization)
class HospitalizationAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    list_display = ["cadre", "hospital", "admitted_on", "discharged_on"]
    list_select_related = ["cadre"]
    search_fields = ["cadre__name", "hospital"]
    autocomplete_fields = ["cadre"]
    date_hierarchy = "admitted_on"


@admin.register(LifeEvent)
class LifeEventAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    list_display = ["cadre", "kind", "occurred_on", "resolved_on"]
    list_filter = ["kind"]
    list_select_related = ["cadre"]
    search_fields = ["cadre__name", "description"]
    autocomplete_fields = ["cadre"]
