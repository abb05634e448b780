"""Forms of the subsidy pages (input validation only)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from apps.cadres.forms import CadreField, DateInput
from apps.cadres.models import Cadre

from .models import POSITIVE, Payment, SubsidyType

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": POSITIVE}


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m")


class MonthField(forms.DateField):
    """<input type=month> posts 2026-12; the value is the first day of that month."""

    widget = MonthInput

    def __init__(self, **kwargs):
        super().__init__(input_formats=["%Y-%m", "%Y-%m-%d"], **kwargs)


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label, css_class="btn-lg"))
    return helper


class EntitlementForm(forms.Form):
    cadre = CadreField(label="干部编号", queryset=Cadre.objects.none())
    subsidy_type = forms.ModelChoiceField(
        label="补贴类型", queryset=SubsidyType.objects.filter(is_active=True)
    )
    monthly_amount = forms.DecimalField(label="月额（元）", **MONEY)
    starts_on = MonthField(label="起始月份")
    ends_on = MonthField(label="终止月份", required=False, help_text="留空表示长期享受。")
    approval_number = forms.CharField(label="审批文号", max_length=60)
    approved_on = forms.DateField(label="审批日期", widget=DateInput(), required=False)
    notes = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = Cadre.objects.visible_to(user)
        self.helper = _helper("保存")


class AmountChangeForm(forms.Form):
    effective_from = MonthField(label="生效月份")
    monthly_amount = forms.DecimalField(label="新月额（元）", **MONEY)
    reason = forms.CharField(label="调整原因", max_length=200)
    approval_number = forms.CharField(label="审批文号", max_length=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("调整标准")


class EntitlementEndForm(forms.Form):
    ends_on = MonthField(label="终止月份（含）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("停发")


class BankAccountForm(forms.Form):
    bank_name = forms.CharField(label="开户行", max_length=100)
    account_name = forms.CharField(label="户名", max_length=50)
    account_number = forms.CharField(label="账号", max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("保存账户")

    def clean_account_number(self):
        value = self.cleaned_data["account_number"].replace(" ", "")
        if not value.isdigit() or not 8 <= len(value) <= 30:
            raise forms.ValidationError("账号应为8至30位数字。")
        return value


class BatchCreateForm(forms.Form):
    month = MonthField(label="发放月份")


class PaymentFailForm(forms.Form):
    reason = forms.CharField(label="失败原因", max_length=200)


class PaymentFilterForm(forms.Form):
    q = forms.CharField(label="姓名", required=False)
    subsidy_type = forms.ModelChoiceField(
        label="补贴类型", queryset=SubsidyType.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *Payment.Status.choices]
    )


class EntitlementFilterForm(forms.Form):
    q = forms.CharField(label="姓名", required=False)
    subsidy_type = forms.ModelChoiceField(
        label="补贴类型", queryset=SubsidyType.objects.all(), required=False
    )
    cadre = forms.IntegerField(required=False, widget=forms.HiddenInput)
    current = forms.BooleanField(label="只看本月享受", required=False)
