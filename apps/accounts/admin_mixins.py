"""The admin's side of the one scope rule: every scoped admin lists, opens and offers as choices
only what `visible_to(request.user)` returns (so another district's object is a 404 there too).

It fails closed: a model without `visible_to` offers no rows and no choices to anyone but a
superuser, unless it is reference data named in GLOBAL_MODELS (rules, rates, catalogues, the
same for every scope). `unscoped_admin_models()` lists the models an admin would show or offer
without a scope rule; a test keeps that list empty, and `manage.py check` warns about it.

Who did a thing (recorded_by, created_by …) is written by the server, never by a form: those
fields are read-only in every scoped admin and set to the signed-in user when a row is added.
"""

from django.contrib import admin
from django.contrib.admin.utils import flatten, flatten_fieldsets, unquote
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin, StackedInline, TabularInline

from .models import Role

# Reference data without personal content, shared by every scope: any admin user may list them
# and pick them as choices.
GLOBAL_MODELS = frozenset(
    {
        "branches.compliancerule",
        "branches.duesrate",
        "contenttypes.contenttype",
        "publicity.medialevel",
        "casework.requesturgency",
        "casework.serviceneed",
        "subsidies.subsidyageband",
        "subsidies.subsidytype",
        "visits.visitrule",
        "volunteers.servicefield",
    }
)
# Only superusers manage these (roles and permissions): nobody else is offered them.
SUPERUSER_ONLY_MODELS = frozenset({"auth.group", "auth.permission"})

# The signed-in user on a new row; read-only afterwards.
AUTHOR_FIELDS = ("recorded_by", "created_by", "submitted_by", "uploaded_by")
# Set by the service that performs the step (approve, pay, verify, withdraw …): read-only.
ACTOR_FIELDS = (
    "approved_by",
    "paid_by",
    "verified_by",
    "withdrawn_by",
    "cancelled_by",
    "changed_by",
    "reviewed_by",
    "author",
)


def _label(model) -> str:
    return model._meta.label_lower


def has_scope_rule(model) -> bool:
    return hasattr(model._default_manager.all(), "visible_to")


def _visible(model, user):
    qs = model._default_manager.all()
    if hasattr(qs, "visible_to"):
        return qs.visible_to(user)
    label = _label(model)
    if label in GLOBAL_MODELS or (user is not None and user.is_superuser):
        return qs
    return qs.none()  # no scope rule: nothing, rather than everything


def _user_fields(model, names) -> list[str]:
    """Those of `names` that are foreign keys from `model` to the user model."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    found = []
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.concrete and field.many_to_one and field.related_model is user_model:
            found.append(name)
    return found


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """Prints the chosen object's name only when it is in the user's scope: a typed-in id of
    another district's user or cadre shows nothing (the form then refuses it)."""

    scope_queryset = None

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        queryset = self.scope_queryset
        if queryset is None:
            return "", ""
        try:
            if not queryset.filter(**{key: value}).exists():
                return "", ""
        except (ValueError, TypeError):
            return "", ""
        return super().label_and_url_for_value(value)


_scoped_widget_classes: dict[type, type] = {}


def _scope_raw_id_widget(widget, queryset):
    base = type(widget)
    if not issubclass(base, ScopedRawIdWidget):
        scoped = _scoped_widget_classes.get(base)
        if scoped is None:
            scoped = type(f"Scoped{base.__name__}", (ScopedRawIdWidget, base), {})
            _scoped_widget_classes[base] = scoped
        widget.__class__ = scoped
    widget.scope_queryset = queryset
    return widget


class ScopedFormfieldMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = _visible(db_field.remote_field.model, request.user)
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, ForeignKeyRawIdWidget):
            _scope_raw_id_widget(formfield.widget, kwargs["queryset"])
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = _visible(db_field.remote_field.model, request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        who = _user_fields(self.model, (*AUTHOR_FIELDS, *ACTOR_FIELDS))
        return readonly + [name for name in who if name not in readonly]

    def _authored(self, instance, request) -> None:
        for name in _user_fields(type(instance), AUTHOR_FIELDS):
            if getattr(instance, f"{name}_id", None) is None:
                setattr(instance, name, request.user)


class ScopedInlineMixin(ScopedFormfieldMixin):
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        authored = self._authored

        class AuthoredFormSet(formset):
            def save_new(self, form, commit=True):
                authored(form.instance, request)
                return super().save_new(form, commit=commit)

        return AuthoredFormSet


class ScopedAdmin(ScopedFormfieldMixin, ModelAdmin):
    list_per_page = 50
    show_full_result_count = False  # a second COUNT(*) over 50k rows buys nothing

    def get_queryset(self, request):
        return _visible(self.model, request.user).select_related(*self.list_select_related or ())

    def get_list_select_related(self, request):
        return self.list_select_related

    def save_form(self, request, form, change):
        instance = super().save_form(request, form, change)
        if not change:
            self._authored(instance, request)
        return instance

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


class NoDeleteMixin:
    """Records of work done are never hard-deleted (DESIGN.md): cancel, close or correct."""

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyMixin(NoDeleteMixin):
    """Rows that change only through the app's services (money, audit trails): read here."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BureauEditsMixin:
    """City-wide reference data (rules, types, urgencies): districts read it, 局机关 edits it."""

    def _bureau(self, request) -> bool:
        return request.user.is_superuser or request.user.role == Role.BUREAU_STAFF

    def has_add_permission(self, request, *args):
        return self._bureau(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._bureau(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._bureau(request) and super().has_delete_permission(request, obj)


class ScopedTabularInline(ScopedInlineMixin, TabularInline):
    extra = 0


class ScopedStackedInline(ScopedInlineMixin, StackedInline):
    extra = 0


def _related_models(model):
    for field in model._meta.get_fields():
        if field.concrete and (field.many_to_one or field.many_to_many or field.one_to_one):
            yield field, field.remote_field.model


def _declared_fields(options) -> set[str] | None:
    """The fields an admin (or inline) declares for its form; None when it takes them all."""
    if options.fieldsets:
        return set(flatten_fieldsets(options.fieldsets))
    if options.fields:
        return set(flatten(options.fields))
    return None


def unscoped_admin_models(site=None) -> list[str]:
    """ "app.model (reason)" for every model a scoped admin of `site` lists or offers as a
    choice without a scope rule, and that is neither GLOBAL_MODELS nor SUPERUSER_ONLY_MODELS:
    such a model shows nothing to anyone but superusers until it gets `visible_to`."""
    site = site or admin.site
    allowed = GLOBAL_MODELS | SUPERUSER_ONLY_MODELS
    missing = set()
    for model, model_admin in site._registry.items():
        if not isinstance(model_admin, ScopedFormfieldMixin):
            continue
        own_queryset = type(model_admin).get_queryset is ScopedAdmin.get_queryset
        if own_queryset and not has_scope_rule(model) and _label(model) not in allowed:
            missing.add(f"{_label(model)}（{type(model_admin).__name__} 的列表）")
        # Read-only fields offer no choices (who-did-it fields are read-only in every scoped admin).
        who = (*AUTHOR_FIELDS, *ACTOR_FIELDS)
        forms = [(model, model_admin)]
        forms += [(inline.model, inline) for inline in model_admin.inlines]
        for form_model, options in forms:
            shown = _declared_fields(options)
            skip = {
                *options.readonly_fields,
                *(options.exclude or ()),
                *_user_fields(form_model, who),
            }
            for field, target in _related_models(form_model):
                if shown is not None and field.name not in shown:
                    continue
                if field.name in skip or has_scope_rule(target) or _label(target) in allowed:
                    continue
                missing.add(f"{_label(target)}（{_label(form_model)}.{field.name}）")
    return sorted(missing)


@checks.register(checks.Tags.admin)
def check_admin_scope(app_configs=None, **kwargs):
    return [
        checks.Warning(
            f"后台的选择项或列表没有范围规则（visible_to），非超级用户将看不到任何数据：{entry}",
            hint="给模型的 QuerySet 加 visible_to(user)（调用 apps/accounts/scope.py 的 "
            "scope_q），或确属全局参考数据时加入 GLOBAL_MODELS。",
            id="accounts.W001",
        )
        for entry in unscoped_admin_models()
    ]
