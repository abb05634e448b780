from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from apps.accounts.models import OrgUnit

from .models import Campaign, Occasion, Visit


class DateInput(forms.DateInput):
    """<input type=date> needs ISO dates; zh-hans would render 2026/11/24, which it drops."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 - Django's own argument name
        super().__init__(attrs=attrs, format=format)


class VisitRecordForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["done_on", "form", "visitors", "notes", "money", "gifts"]
        widgets = {
            "done_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "money": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].required = True
        self.fields["form"].required = True
        self.fields["money"].required = False
        if not self.initial.get("done_on"):
            self.initial["done_on"] = timezone.localdate()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "登记走访", css_class="btn-lg w-100"))

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on and done_on > timezone.localdate():
            raise forms.ValidationError("走访日期不能晚于今天。")
        return done_on

    def clean_money(self):
        money = self.cleaned_data.get("money")
        return money if money is not None else 0


class VisitCorrectForm(VisitRecordForm):
    """Correcting a done visit (更正): the record's fields and a mandatory reason."""

    reason = forms.CharField(
        label="更正原因",
        max_length=90,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="必填。原因与更正前后的内容一并记入修改历史。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.urls import reverse

        self.helper = FormHelper()
        self.helper.form_action = reverse("visits:visit_correct", args=[self.instance.pk])
        self.helper.add_input(Submit("submit", "提交更正", css_class="btn-lg w-100"))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("请填写更正原因。")
        return reason


class VisitFilterForm(forms.Form):
    q = forms.CharField(label="干部姓名", required=False)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *Visit.Status.choices]
    )
    occasion = forms.ChoiceField(
        label="事由", required=False, choices=[("", "全部"), *Occasion.choices]
    )
    due = forms.DateField(label="应访日期", required=False, widget=DateInput())
    mine = forms.BooleanField(label="只看我的", required=False)


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "unit", "starts_on", "ends_on", "notes"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user)
        self.fields["unit"].help_text = "活动覆盖该单位及其下级单位的干部。"

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "截止日期不能早于开始日期。")
        return cleaned
