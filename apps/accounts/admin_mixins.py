"""The admin's side of the one scope rule: every scoped admin lists, opens and offers as choices
only what `visible_to(request.user)` returns (so another district's object is a 404 there too)."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin, StackedInline, TabularInline


def _visible(model, user):
    manager = model._default_manager
    qs = manager.all()
    return qs.visible_to(user) if hasattr(qs, "visible_to") else qs


class ScopedFormfieldMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = _visible(db_field.remote_field.model, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = _visible(db_field.remote_field.model, request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdmin(ScopedFormfieldMixin, ModelAdmin):
    list_per_page = 50
    show_full_result_count = False  # a second COUNT(*) over 50k rows buys nothing

    def get_queryset(self, request):
        return _visible(self.model, request.user).select_related(*self.list_select_related or ())

    def get_list_select_related(self, request):
        return self.list_select_related

    def _out_of_scope(self, request, object_id) -> bool:
        try:
            pk = self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            return True  # /admin/cadres/cadre/abc/change/: no such object, a 404 and not a 500
        return not self.get_queryset(request).filter(pk=pk).exists()

    # Django's admin redirects to the index for an unknown object; another scope's object must
    # answer exactly like a missing one in the rest of the portal: 404.
    def change_view(self, request, object_id, form_url="", extra_context=None):
        if object_id and self._out_of_scope(request, object_id):
            raise Http404
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if self._out_of_scope(request, object_id):
            raise Http404
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if self._out_of_scope(request, object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)


class ScopedHistoryAdmin(SimpleHistoryAdmin, ScopedAdmin):
    """Scoped admin with the audit trail (who changed what and when) of django-simple-history."""

    def history_view(self, request, object_id, extra_context=None):
        if self._out_of_scope(request, object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if self._out_of_scope(request, object_id):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class ScopedTabularInline(ScopedFormfieldMixin, TabularInline):
    extra = 0


class ScopedStackedInline(ScopedFormfieldMixin, StackedInline):
    extra = 0
