from datetime import date
from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from apps.cadres.models import Cadre
from apps.core.pending import PendingUploadsMixin

from .models import KeyProject, ServiceField, Volunteer, VolunteerActivity, VolunteerTeam


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class _Crispy:
    def _helper(self):
        self.helper = FormHelper()
        self.helper.form_tag = False


class ActivityForm(PendingUploadsMixin, _Crispy, forms.ModelForm):
    """An activity with its participants: one checkbox and one hours box per team member.
    Photos chosen before a failed save are kept (apps.core.pending), not asked for again."""

    pending_field = "photos"

    default_hours = forms.DecimalField(
        label="默认时长（小时）",
        max_digits=4,
        decimal_places=1,
        initial=Decimal("2"),
        required=False,
        help_text="勾选一位队员或点“全部到场”时，自动填入其时长，之后可逐个调整。",
    )
    extra_volunteers = forms.ModelMultipleChoiceField(
        label="其他队伍的志愿者",
        queryset=Volunteer.objects.none(),
        required=False,
        help_text="须有跨队登记权限；按默认时长登记。",
    )
    photos = MultipleFileField(label="活动照片", required=False, help_text="可多选，JPG/PNG。")

    class Meta:
        model = VolunteerActivity
        fields = ["title", "date", "place", "field", "beneficiaries", "project", "description"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, team: VolunteerTeam, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        self._init_pending(user)
        self.team, self.user = team, user
        self.fields["date"].initial = timezone.localdate()
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["field"].queryset = ServiceField.objects.filter(is_active=True)
        self.fields["project"].queryset = KeyProject.objects.visible_to(user)
        visible = Volunteer.objects.visible_to(user).active()
        self.members = list(
            visible.filter(teams=team).select_related("cadre").order_by("cadre__name", "pk")
        )
        # Helpers from another team come from the same area: the list stays short on a phone.
        self.fields["extra_volunteers"].queryset = (
            visible.filter(cadre__unit__path__startswith=team.unit.path)
            .exclude(teams=team)
            .select_related("cadre")
            .order_by("cadre__name")
        )
        self.rows = []
        for volunteer in self.members:
            present, hours = f"p_{volunteer.pk}", f"h_{volunteer.pk}"
            self.fields[present] = forms.BooleanField(label=str(volunteer), required=False)
            self.fields[hours] = forms.DecimalField(
                label="时长",
                max_digits=4,
                decimal_places=1,
                required=False,
                widget=forms.NumberInput(
                    attrs={"step": "0.5", "min": "0.5", "max": "24", "inputmode": "decimal"}
                ),
            )
            self.rows.append((volunteer, self[present], self[hours]))

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("活动日期不能晚于今天。")
        return day

    def clean(self):
        cleaned = super().clean()
        default = cleaned.get("default_hours")
        participants = []
        for volunteer in self.members:
            if not cleaned.get(f"p_{volunteer.pk}"):
                continue
            hours = cleaned.get(f"h_{volunteer.pk}")
            if hours is None:
                hours = default
            if hours is None:
                self.add_error(f"h_{volunteer.pk}", f"请填写“{volunteer}”的服务时长。")
                continue
            participants.append((volunteer, hours))
        for volunteer in cleaned.get("extra_volunteers") or []:
            if default is None:
                self.add_error("default_hours", "登记其他队伍的志愿者须填写默认时长。")
                break
            participants.append((volunteer, default))
        if not participants and not self.errors:
            raise forms.ValidationError("请至少勾选一名参加活动的志愿者。")
        cleaned["participants"] = participants
        return cleaned


class TeamChoiceForm(forms.Form):
    team = forms.ModelChoiceField(label="服务队", queryset=VolunteerTeam.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = VolunteerTeam.objects.visible_to(user).active()


class RejectForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=200)


class RedeemForm(_Crispy, forms.Form):
    hours = forms.DecimalField(label="兑换时长（小时）", max_digits=8, decimal_places=1)
    description = forms.CharField(label="兑换的服务内容", max_length=200)
    on = forms.DateField(
        label="兑换日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        self.fields["on"].initial = timezone.localdate()

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours <= 0:
            raise forms.ValidationError("兑换时长须大于 0。")
        return hours


class VolunteerRegisterForm(_Crispy, forms.Form):
    id_number = forms.CharField(label="干部身份证号", max_length=18)
    registered_on = forms.DateField(
        label="注册日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    skills = forms.CharField(label="特长技能", max_length=200, required=False)
    teams = forms.ModelMultipleChoiceField(
        label="所在队伍", queryset=VolunteerTeam.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        self.user = user
        self.fields["registered_on"].initial = timezone.localdate()
        self.fields["teams"].queryset = VolunteerTeam.objects.visible_to(user).active()

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip().upper()
        cadre = Cadre.objects.visible_to(self.user).filter(id_number=value).first()
        if cadre is None:
            raise forms.ValidationError(
                "干部名册中没有这个身份证号：只有登记在册的离退休干部才能注册为志愿者。"
            )
        self.cleaned_data["cadre"] = cadre
        return value

    def clean(self):
        cleaned = super().clean()
        if "cadre" in self.cleaned_data:
            cleaned["cadre"] = self.cleaned_data["cadre"]
        return cleaned


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="开始日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label="结束日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    @classmethod
    def from_request(cls, request) -> "PeriodForm":
        today = timezone.localdate()
        data = {
            "start": request.GET.get("start") or date(today.year, 1, 1).isoformat(),
            "end": request.GET.get("end") or today.isoformat(),
        }
        return cls(data)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError("开始日期不能晚于结束日期。")
        return cleaned
