"""Forms of the service-plan and service-request pages (input validation only)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from apps.accounts.models import OrgUnit, User
from apps.accounts.roles import staff_choices
from apps.cadres.forms import CadreField, DateInput
from apps.cadres.models import Cadre

from .models import RequestUrgency, ServiceNeed, ServicePlan, ServiceRequest


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label, css_class="btn-lg"))
    return helper


class ServicePlanForm(forms.ModelForm):
    class Meta:
        model = ServicePlan
        fields = [
            "kind",
            "title",
            "cadre",
            "group_description",
            "unit",
            "needs",
            "situation",
            "measures",
            "responsible",
            "review_on",
        ]
        widgets = {
            "cadre": forms.NumberInput,
            "review_on": DateInput(),
            "needs": forms.CheckboxSelectMultiple,
            "situation": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"cadre": "干部编号（一人一策）"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = Cadre.objects.visible_to(user)
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user)
        self.fields["unit"].required = False
        self.fields["unit"].help_text = "一类一策必填；一人一策自动取干部所在单位。"
        self.fields["needs"].queryset = ServiceNeed.objects.filter(is_active=True)
        self.fields["responsible"].queryset = staff_choices(user)
        self.helper = _helper("保存方案")

    def clean(self):
        cleaned = super().clean()
        kind, cadre = cleaned.get("kind"), cleaned.get("cadre")
        if kind == ServicePlan.Kind.INDIVIDUAL and cadre:
            cleaned["unit"] = cadre.unit
            self.instance.unit = cadre.unit
        elif kind == ServicePlan.Kind.GROUP and not cleaned.get("unit"):
            self.add_error("unit", "一类一策须选择单位。")
        return cleaned


class PlanReviewForm(forms.Form):
    review_on = forms.DateField(label="下次评估日期", widget=DateInput())
    close = forms.BooleanField(label="方案结束（不再评估）", required=False)


class ServiceRequestForm(forms.Form):
    cadre = CadreField(label="干部编号", queryset=Cadre.objects.none())
    received_via = forms.ChoiceField(label="受理渠道", choices=ServiceRequest.Via.choices)
    received_at = forms.DateTimeField(
        label="受理时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    requester = forms.CharField(label="反映人", max_length=50, required=False)
    content = forms.CharField(label="诉求内容", widget=forms.Textarea(attrs={"rows": 3}))
    urgency = forms.ModelChoiceField(label="紧急程度", queryset=RequestUrgency.objects.all())
    assignee = forms.ModelChoiceField(label="承办人", queryset=User.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = Cadre.objects.visible_to(user).alive()
        self.fields["assignee"].queryset = staff_choices(user)
        self.initial.setdefault("received_at", timezone.localtime().replace(second=0))
        self.helper = _helper("登记诉求")


class RequestAssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label="承办人", queryset=User.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_choices(user)


class RequestCloseForm(forms.Form):
    outcome = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 3}))
