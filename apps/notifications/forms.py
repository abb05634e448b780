from django import forms

from .channels import CHANNELS, enabled_push_channels
from .models import Preference
from .sms import normalise_mobile

PHONE_FIELDS = ("sms_phone", "family_phone", "dingtalk_mobile")


class PreferenceForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label="推送渠道",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="站内提醒始终保留；不勾选则只在平台内提醒。",
    )

    class Meta:
        model = Preference
        fields = [
            "channels",
            "sms_phone",
            "family_phone",
            "dingtalk_mobile",
            "quiet_start",
            "quiet_end",
            "daily_cap",
            "digest",
        ]
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].choices = [(c.code, c.label) for c in enabled_push_channels()]
        self.fields["daily_cap"].widget.attrs.update({"min": 0, "max": 50})

    def clean_daily_cap(self):
        value = self.cleaned_data.get("daily_cap")
        if value is not None and value > 50:
            raise forms.ValidationError("每日上限不能超过 50 条。")
        return value

    def clean(self):
        data = super().clean()
        for name in PHONE_FIELDS:
            value = (data.get(name) or "").strip()
            if value and not normalise_mobile(value):
                self.add_error(name, "请输入 11 位手机号码，如 13800000000。")
            elif value:
                data[name] = normalise_mobile(value)
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if (start is None) != (end is None):
            self.add_error("quiet_end", "免打扰的开始和结束时间须同时填写（或同时留空）。")
        if "sms" in (data.get("channels") or []) and not (
            data.get("sms_phone") or normalise_mobile(self.instance.user.phone or "")
        ):
            self.add_error("sms_phone", "选择短信时请填写接收短信的手机号。")
        return data


TEST_CHANNELS = [
    ("dingtalk", "钉钉群机器人"),
    ("wecom", "企业微信群机器人"),
    ("sms", "短信"),
    ("email", "电子邮件"),
]


class TestNoticeForm(forms.Form):
    channel = forms.ChoiceField(label="渠道", choices=TEST_CHANNELS)
    to = forms.CharField(
        label="接收人",
        max_length=100,
        required=False,
        help_text="短信填手机号；钉钉填要 @ 的手机号（可留空）；电子邮件填邮箱；企业微信可留空。",
    )

    def clean(self):
        data = super().clean()
        channel, to = data.get("channel"), (data.get("to") or "").strip()
        if channel not in CHANNELS:
            self.add_error("channel", "该渠道未安装。")
        if channel == "sms" and not normalise_mobile(to):
            self.add_error("to", "短信测试请填写 11 位手机号码。")
        if channel == "dingtalk" and to and not normalise_mobile(to):
            self.add_error("to", "钉钉 @ 的对象请填写 11 位手机号码，或留空。")
        if channel == "email":
            try:
                forms.EmailField().clean(to)
            except forms.ValidationError:
                self.add_error("to", "请填写有效的电子邮箱。")
        data["to"] = normalise_mobile(to) if channel in ("sms", "dingtalk") and to else to
        return data
