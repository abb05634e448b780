from datetime import datetime

from django import forms
from django.utils import timezone

from .models import Association, Booking


class BookingForm(forms.Form):
    booker_kind = forms.ChoiceField(label="预约方类别", choices=Booking.BookerKind.choices)
    association = forms.ModelChoiceField(
        label="社团",
        queryset=Association.objects.none(),
        required=False,
        empty_label="（不是社团）",
    )
    booker_name = forms.CharField(
        label="预约方名称", max_length=100, required=False, help_text="社团可不填，自动用社团名称"
    )
    booker_ref = forms.CharField(label="预约方编号或备注", max_length=50, required=False)
    purpose = forms.CharField(label="活动内容", max_length=200)
    day = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label="开始时间", widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label="结束时间", widget=forms.TimeInput(attrs={"type": "time"}))
    expected_people = forms.IntegerField(label="预计人数", min_value=1, required=False)
    contact = forms.CharField(label="联系人及电话", max_length=100, required=False)

    def __init__(self, *args, room, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.room = room
        self.fields["association"].queryset = Association.objects.visible_to(user).filter(
            is_active=True
        )

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            data["starts_at"] = timezone.make_aware(datetime.combine(day, start))
            data["ends_at"] = timezone.make_aware(datetime.combine(day, end))
            if end <= start:
                self.add_error("end", "结束时间应晚于开始时间。")
        kind = data.get("booker_kind")
        if kind == Booking.BookerKind.ASSOCIATION and not data.get("association"):
            self.add_error("association", "请选择预约的社团。")
        if kind and kind != Booking.BookerKind.ASSOCIATION:
            data["association"] = None
            if not (data.get("booker_name") or "").strip():
                self.add_error("booker_name", "请填写预约方名称（如支部、服务队的名称）。")
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "booker_kind": d["booker_kind"],
            "association": d.get("association"),
            "booker_name": d.get("booker_name", ""),
            "booker_ref": d.get("booker_ref", ""),
            "purpose": d["purpose"],
            "starts_at": d["starts_at"],
            "ends_at": d["ends_at"],
            "expected_people": d.get("expected_people"),
            "contact": d.get("contact", ""),
        }


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=200)


class VisitorCountForm(forms.Form):
    day = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    count = forms.IntegerField(label="接待人次", min_value=0, max_value=100000)
