from django import forms


class StepForm(forms.Form):
    done_on = forms.DateField(
        label="完成日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label="情况说明", required=False, max_length=300)
