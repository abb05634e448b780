from django import forms

from .models import Suggestion


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class SubmitForm(forms.Form):
    title = forms.CharField(label="标题（一句话）", max_length=60)
    content = forms.CharField(
        label="您的建议",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="可以点手机键盘上的话筒，用说话代替打字。",
    )


class AssignForm(forms.Form):
    department = forms.CharField(label="承办部门", max_length=100)
    deadline = forms.DateField(label="答复期限", widget=DateInput())
    note = forms.CharField(label="分拣意见（内部）", max_length=300, required=False)


class DeclineForm(forms.Form):
    reply = forms.CharField(
        label="不予受理的理由（老干部可见）", widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    reply = forms.CharField(
        label="答复意见（老干部可见）", widget=forms.Textarea(attrs={"rows": 4})
    )
    adopted = forms.TypedChoiceField(
        label="是否采纳",
        choices=[("1", "采纳"), ("0", "不采纳")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *Suggestion.Status.choices]
    )
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    overdue = forms.BooleanField(label="只看逾期", required=False)
