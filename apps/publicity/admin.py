from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from unfold.admin import ModelAdmin

from apps.accounts.admin_mixins import ScopedAdmin, ScopedTabularInline

from . import services
from .models import Adoption, Article, ArticleTransition, Exemplar, InfoSubmission, MediaLevel
from .permissions import can_review


class ArticleTransitionInline(ScopedTabularInline):
    model = ArticleTransition
    fields = ["at", "from_status", "to_status", "by", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(ScopedAdmin):
    list_display = ["title", "category", "source_unit", "status", "published_at", "view_count"]
    list_filter = ["status", "category"]
    search_fields = ["title"]
    list_select_related = ["source_unit"]
    date_hierarchy = "published_at"
    readonly_fields = ["status", "published_at", "view_count", "author"]
    fields = ["title", "category", "source_unit", "summary", "cover", "body", *readonly_fields]
    inlines = [ArticleTransitionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body_text")

    def has_change_permission(self, request, obj=None):
        if obj is not None and not services.can_edit(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Review transitions happen on the workflow pages; here only content is edited, through
        # the same sanitising service as the front end.
        services.article_admin_save(article=obj, by=request.user, created=not change)


class AdoptionInline(ScopedTabularInline):
    model = Adoption
    fields = ["outlet", "level", "adopted_on", "recorded_by"]
    readonly_fields = ["recorded_by"]

    def has_add_permission(self, request, obj=None):
        return can_review(request.user)

    def has_change_permission(self, request, obj=None):
        return can_review(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_review(request.user)


@admin.register(InfoSubmission)
class InfoSubmissionAdmin(ScopedAdmin):
    list_display = ["title", "unit", "submitted_on", "submitted_by"]
    list_filter = ["submitted_on"]
    search_fields = ["title"]
    list_select_related = ["unit", "submitted_by"]
    date_hierarchy = "submitted_on"
    readonly_fields = ["submitted_by"]
    inlines = [AdoptionInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.submitted_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for row in formset.save(commit=False):
            row.recorded_by = row.recorded_by or request.user
            row.save()
        for row in formset.deleted_objects:
            row.delete()


@admin.register(MediaLevel)
class MediaLevelAdmin(ModelAdmin):
    list_display = ["code", "points", "sort_order"]
    list_editable = ["points", "sort_order"]

    # Scoring rules are the city bureau's, not a district's to change.
    def has_add_permission(self, request):
        return can_review(request.user)

    def has_change_permission(self, request, obj=None):
        return can_review(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class ExemplarAdminForm(forms.ModelForm):
    class Meta:
        model = Exemplar
        fields = [
            "cadre",
            "kind",
            "title",
            "story",
            "honours",
            "photo",
            "consent",
            "consent_on",
            "is_published",
            "sort_order",
        ]

    def clean(self):
        data = super().clean()
        if data.get("is_published") and not data.get("consent"):
            self.add_error("is_published", "本人未同意公开，不能发布。")
        return data


@admin.register(Exemplar)
class ExemplarAdmin(ScopedAdmin):
    form = ExemplarAdminForm
    list_display = ["title", "cadre", "kind", "consent", "is_published", "published_at"]
    list_filter = ["kind", "is_published", "consent"]
    search_fields = ["title", "cadre__name"]
    list_select_related = ["cadre"]
    raw_id_fields = ["cadre"]
    fields = [
        "cadre",
        "kind",
        "title",
        "story",
        "honours",
        "photo",
        "consent",
        "consent_on",
        "is_published",
        "sort_order",
    ]
    actions = ["publish", "unpublish"]

    def save_model(self, request, obj, form, change):
        services.exemplar_save(exemplar=obj, by=request.user)

    def _set(self, request, queryset, published: bool):
        done = 0
        for exemplar in queryset:
            try:
                services.exemplar_set_published(
                    exemplar=exemplar, by=request.user, published=published
                )
                done += 1
            except ValidationError as exc:
                messages.error(request, f"{exemplar}：{'；'.join(exc.messages)}")
        messages.success(request, f"已处理 {done} 条。")

    @admin.action(description="发布所选先进典型")
    def publish(self, request, queryset):
        self._set(request, queryset, True)

    @admin.action(description="撤下所选先进典型")
    def unpublish(self, request, queryset):
        self._set(request, queryset, False)
