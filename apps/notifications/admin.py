from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from apps.accounts.admin_mixins import ScopedAdmin, ScopedTabularInline

from . import kinds
from .channels import CHANNELS
from .forms import PHONE_FIELDS
from .models import Delivery, Dispatch, Preference, Reminder, SenderIdentity
from .notice import test_notice_send
from .redact import redact
from .sms import normalise_mobile


class DeliveryInline(ScopedTabularInline):
    model = Delivery
    fields = ["channel", "status", "attempts", "next_attempt_at", "sent_at", "last_reason", "error"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description="最近错误")
    def error(self, obj):
        return redact(obj.last_error)

    def has_add_permission(self, request, obj=None):
        return False


class UpcomingFilter(admin.SimpleListFilter):
    title = "到期"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "即将到期（未关闭）"), ("past", "已过期")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "upcoming":
            return queryset.upcoming(on=today)
        if self.value() == "past":
            return queryset.filter(due_on__lt=today)
        return queryset


@admin.register(Reminder)
class ReminderAdmin(ScopedAdmin):
    list_display = [
        "subject",
        "recipient",
        "kind_label",
        "due_on",
        "created_at",
        "read_at",
        "closed_at",
        "report_link",
    ]
    list_filter = [UpcomingFilter, "kind"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "key", "recipient__username", "recipient__full_name"]
    date_hierarchy = "due_on"
    readonly_fields = ["recipient", "kind", "key", "target_type", "target_id", "created_at"]
    inlines = [DeliveryInline]
    ordering = ["due_on", "pk"]

    def get_queryset(self, request):
        # Staff look after their colleagues' reminders too (see ReminderQuerySet.administrable_by).
        return Reminder.objects.administrable_by(request.user).select_related("recipient")

    @admin.display(description="类别", ordering="kind")
    def kind_label(self, obj):
        return kinds.label(obj.kind)

    @admin.display(description="投递情况")
    def report_link(self, obj):
        return format_html(
            '<a href="{}">投递情况</a>', reverse("notifications:deliveries", args=[obj.pk])
        )

    def has_add_permission(self, request):
        return False


@admin.register(Delivery)
class DeliveryAdmin(ScopedAdmin):
    """Failed and pending pushes, for support: what was tried, how often, and the last error."""

    list_display = [
        "reminder",
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_reason",
        "error",
    ]
    list_filter = ["status", "channel", "last_reason"]
    list_select_related = ["reminder"]
    readonly_fields = [
        "reminder",
        "channel",
        "attempts",
        "claimed_at",
        "sent_at",
        "last_reason",
        "error",
        "created_at",
    ]
    fields = ["reminder", "channel", "status", "next_attempt_at", *readonly_fields[2:]]

    def get_queryset(self, request):
        return Delivery.objects.filter(
            reminder__in=Reminder.objects.administrable_by(request.user)
        ).select_related("reminder")

    @admin.display(description="最近错误")
    def error(self, obj):
        return redact(obj.last_error)

    def has_add_permission(self, request):
        return False


@admin.register(Dispatch)
class DispatchAdmin(ScopedAdmin):
    """Every message handed to a channel, with the provider's answer (secrets redacted)."""

    list_display = ["started_at", "recipient", "channel", "kind_label", "size", "outcome", "reason"]
    list_filter = ["outcome", "channel", "reason"]
    list_select_related = ["recipient"]
    date_hierarchy = "started_at"
    fields = readonly_fields = [
        "recipient",
        "channel",
        "kind",
        "size",
        "started_at",
        "finished_at",
        "outcome",
        "reason",
        "safe_answer",
    ]

    @admin.display(description="类别", ordering="kind")
    def kind_label(self, obj):
        return kinds.label(obj.kind) if obj.kind != "*" else "多类合并"

    @admin.display(description="服务商应答")
    def safe_answer(self, obj):
        return redact(obj.answer)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PreferenceAdminForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label="推送渠道", required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Preference
        fields = [
            "user",
            "channels",
            "sms_phone",
            "family_phone",
            "dingtalk_mobile",
            "quiet_start",
            "quiet_end",
            "daily_cap",
            "digest",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].choices = [
            (code, channel.label) for code, channel in CHANNELS.items() if channel.push
        ]

    def clean(self):
        data = super().clean()
        for name in PHONE_FIELDS:
            value = (data.get(name) or "").strip()
            if value and not normalise_mobile(value):
                self.add_error(name, "请输入 11 位手机号码，如 13800000000。")
            elif value:
                data[name] = normalise_mobile(value)
        if (data.get("quiet_start") is None) != (data.get("quiet_end") is None):
            self.add_error("quiet_end", "免打扰的开始和结束时间须同时填写（或同时留空）。")
        return data


@admin.register(Preference)
class PreferenceAdmin(ScopedAdmin):
    form = PreferenceAdminForm
    list_display = ["user", "channel_labels", "quiet_start", "quiet_end", "daily_cap", "digest"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__full_name"]
    actions = ["send_test_notice"]

    @admin.display(description="推送渠道")
    def channel_labels(self, obj):
        return "、".join(CHANNELS[c].label for c in obj.channels if c in CHANNELS) or "仅站内"

    @admin.action(description="发送测试消息（按所选用户的渠道）")
    def send_test_notice(self, request, queryset):
        for preference in queryset.select_related("user")[:20]:
            user = preference.user
            for code in preference.channels:
                to = {
                    "sms": preference.sms_phone or user.phone,
                    "dingtalk": preference.dingtalk_mobile or user.phone,
                    "email": user.email,
                }.get(code, "")
                result = test_notice_send(channel=code, to=to, by=user)
                label = CHANNELS[code].label if code in CHANNELS else code
                messages.add_message(
                    request,
                    messages.SUCCESS if result.ok else messages.ERROR,
                    f"{user} · {label}：{'发送成功' if result.ok else '发送失败'}，应答：{result.answer}",
                )


@admin.register(SenderIdentity)
class SenderIdentityAdmin(ScopedAdmin):
    list_display = ["unit", "name", "phone"]
    list_select_related = ["unit"]
    search_fields = ["name", "unit__name"]
