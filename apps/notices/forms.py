from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from apps.accounts.models import OrgUnit
from apps.branches.models import PartyBranch

from .models import Notice


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class NoticeForm(forms.ModelForm):
    class Meta:
        model = Notice
        fields = [
            "title",
            "body",
            "audience",
            "target_unit",
            "target_branch",
            "min_age",
            "asks_reply",
            "reply_question",
            "reply_by",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 6}), "reply_by": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only places and branches inside the sender's own scope can be addressed.
        self.fields["target_unit"].queryset = OrgUnit.objects.visible_to(user)
        self.fields["target_branch"].queryset = PartyBranch.objects.visible_to(user).order_by(
            "name"
        )
        self.fields["min_age"].help_text = "例如 80：发给年满 80 岁的老干部。"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", "保存草稿", css_class="btn-lg"))

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        needs = {
            Notice.Audience.UNIT: ("target_unit", "请选择区域/单位。"),
            Notice.Audience.BRANCH: ("target_branch", "请选择党支部。"),
            Notice.Audience.AGE: ("min_age", "请填写年龄，例如 80。"),
        }
        if audience in needs:
            field, message = needs[audience]
            if not data.get(field):
                self.add_error(field, message)
        age = data.get("min_age")
        if audience == Notice.Audience.AGE and age is not None and not 50 <= age <= 110:
            self.add_error("min_age", "年龄应在 50 到 110 岁之间。")
        if data.get("asks_reply") and not (data.get("reply_question") or "").strip():
            self.add_error("reply_question", "需要回复时，请写明要老干部回答的问题。")
        return data
