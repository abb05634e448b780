from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from apps.accounts.models import OrgUnit

from .idcard import normalize, parse
from .models import Cadre, FamilyContact, Hospitalization, LifeEvent


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CadreField(forms.ModelChoiceField):
    """A cadre by register number: a 50,000-row <select> would not load on a phone. Feature
    forms set `queryset` to `Cadre.objects.visible_to(user)` (an unseen cadre is not a choice)."""

    widget = forms.NumberInput

    def label_from_instance(self, obj):
        return obj.name


class ScopedModelForm(forms.ModelForm):
    """Form whose unit choices come from the user's scope."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "unit" in self.fields:
            self.fields["unit"].queryset = OrgUnit.objects.visible_to(user)
        self.helper = FormHelper()
        self.helper.form_tag = False


class CadreForm(ScopedModelForm):
    class Meta:
        model = Cadre
        fields = [
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "phone",
            "address",
            "unit",
            "original_employer",
            "original_post",
            "retirement_kind",
            "retirement_date",
            "rank",
            "political_status",
            "party_joined_on",
            "health",
            "living_situation",
            "relocated",
            "relocated_place",
            "hardship",
            "interests",
            "status",
            "deceased_on",
            "notes",
        ]
        widgets = {
            "birth_date": DateInput(),
            "retirement_date": DateInput(),
            "party_joined_on": DateInput(),
            "deceased_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Spaces around a pasted ID are trimmed before the digits are counted (clean_id_number),
        # so the 18-character limit must not refuse them first.
        field = self.fields.get("id_number")
        if field is not None:
            field.max_length = None
            field.validators = []
            field.widget.attrs["maxlength"] = "40"

    def clean_id_number(self):
        """One message for a wrong ID (the model's validator then sees the trimmed number)."""
        return parse(normalize(self.cleaned_data.get("id_number") or "")).number

    def validate_unique(self):
        """A duplicate 身份证号 is the register's one way to find a cadre twice: the error names
        the existing record and the page links to it when the user may open it (their scope);
        a cadre of another unit is not revealed (no name, no unit), the error says whom to ask."""
        self.duplicate_of = None
        number = self.cleaned_data.get("id_number")
        if number and "id_number" not in self._errors:
            others = Cadre.objects.filter(id_number=number).exclude(pk=self.instance.pk)
            existing = others.only("pk").first()
            if existing is not None:
                seen = Cadre.objects.visible_to(self.user).filter(pk=existing.pk).first()
                if seen is not None:
                    self.duplicate_of = seen
                    message = f"该身份证号已登记：{seen.name}（{seen.unit}），请打开已有档案修改，不要重复登记。"
                else:
                    phone = settings.BUREAU_PHONE
                    message = (
                        "该身份证号已在您管辖范围以外的单位登记，不能重复登记。如需转入本单位，"
                        f"请联系市委老干部局工作人员{f'（{phone}）' if phone else ''}核实办理。"
                    )
                self.add_error("id_number", ValidationError(message, code="duplicate_id"))
        super().validate_unique()


class HospitalizationForm(ScopedModelForm):
    class Meta:
        model = Hospitalization
        fields = ["hospital", "admitted_on", "discharged_on", "diagnosis", "notes"]
        widgets = {
            "admitted_on": DateInput(),
            "discharged_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class LifeEventForm(ScopedModelForm):
    class Meta:
        model = LifeEvent
        fields = ["kind", "occurred_on", "description", "resolved_on"]
        widgets = {
            "occurred_on": DateInput(),
            "resolved_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class FamilyContactForm(ScopedModelForm):
    class Meta:
        model = FamilyContact
        fields = ["name", "relation", "phone", "address", "is_primary", "notes"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="花名册文件（.xlsx）",
        help_text="第一行可为标题；表头须含“姓名”“身份证号”。",
    )
    unit = forms.ModelChoiceField(
        label="管理单位",
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text="文件中没有“管理单位”列时，所有人员归入此单位。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                "请上传 .xlsx 格式的 Excel 文件（旧版 .xls 请先另存为 .xlsx）。"
            )
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError("文件不能超过 20 MB。")
        return upload
