from datetime import datetime

from django import forms
from django.utils import timezone

from apps.accounts.models import OrgUnit

from .models import Event, Invitation


class EventForm(forms.Form):
    title = forms.CharField(label="活动名称", max_length=120)
    kind = forms.ChoiceField(label="类别", choices=Event.Kind.choices)
    unit = forms.ModelChoiceField(label="主办单位", queryset=OrgUnit.objects.none())
    day = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label="开始时间", widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label="结束时间", widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label="地点", max_length=200)
    description = forms.CharField(label="内容与要求", widget=forms.Textarea, required=False)
    rsvp_by = forms.DateField(
        label="回复截止", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    visit_if_missed = forms.BooleanField(label="未能参加者安排走访（送学上门）", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user)
        if user.unit_id and not self.is_bound:
            self.initial.setdefault("unit", user.unit_id)

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            if end <= start:
                self.add_error("end", "结束时间应晚于开始时间。")
            data["starts_at"] = timezone.make_aware(datetime.combine(day, start))
            data["ends_at"] = timezone.make_aware(datetime.combine(day, end))
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        keys = ("title", "kind", "unit", "starts_at", "ends_at", "place", "description")
        return {
            **{k: d[k] for k in keys},
            "rsvp_by": d.get("rsvp_by"),
            "visit_if_missed": d.get("visit_if_missed", False),
        }


class InviteForm(forms.Form):
    min_age = forms.IntegerField(
        label="年龄不小于", min_value=0, max_value=120, required=False, help_text="周岁，可不填"
    )


class StaffResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="回复",
        choices=[(Invitation.Response.YES, "参加"), (Invitation.Response.NO, "不能参加")],
    )
    via = forms.ChoiceField(
        label="方式",
        choices=[
            (Invitation.Via.PHONE, Invitation.Via.PHONE.label),
            (Invitation.Via.COUNTER, Invitation.Via.COUNTER.label),
        ],
        initial=Invitation.Via.PHONE,
    )
    note = forms.CharField(label="说明", max_length=200, required=False)


class CadreResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="是否参加",
        choices=[(Invitation.Response.YES, "参加"), (Invitation.Response.NO, "不能参加")],
    )
    note = forms.CharField(label="想说的话（可不填）", max_length=200, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200)
