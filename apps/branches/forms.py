"""Crispy forms of the secretary portal: input validation only (the services decide the rest)."""

import re
import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError

from apps.core.pending import PendingNotice, PendingUploadsMixin

from .models import Attendance, BranchActivity, Membership, PartyBranch
from .services.activities import AttendanceEntry
from .uploads import check_upload

ATT_FIELD = re.compile(r"^att_(\d+)$")
# Picked before typing: the reasons secretaries write most often (free text stays possible).
COMMON_REASONS = ("生病住院", "外出", "行动不便")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ActivityForm(PendingUploadsMixin, forms.ModelForm):
    """The activity with one attendance row per member (att_<cadre id>, reason_<cadre id>)."""

    submit_token = forms.UUIDField(widget=forms.HiddenInput)
    uploads = MultipleFileField(
        label="照片或会议记录（图片/PDF）",
        required=False,
        help_text="可选多个文件，每个不超过上传大小限制。",
    )

    class Meta:
        model = BranchActivity
        fields = ["kind", "held_on", "topic", "place", "content"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "content": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, branch: PartyBranch, members: list[Membership], user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_pending(user)
        self.branch = branch
        self.members = members
        self.common_reasons = COMMON_REASONS
        self.helper = FormHelper()
        self.helper.form_tag = False
        if not self.is_bound and not self.initial.get("submit_token"):
            self.initial["submit_token"] = uuid.uuid4()
        existing = {}
        if self.instance.pk:
            existing = {a.cadre_id: a for a in self.instance.attendance.all()}
            self.fields.pop("submit_token")
        self.rows = []
        for membership in members:
            cid = membership.cadre_id
            att = existing.get(cid)
            self.fields[f"att_{cid}"] = forms.ChoiceField(
                label=membership.cadre.name,
                choices=Attendance.Status.choices,
                # Nobody is pre-marked: the secretary says who came (全部出席 / 全部缺席 help).
                initial=att.status if att else None,
                widget=forms.RadioSelect,
                error_messages={"required": "请选择出席、请假或缺席。"},
            )
            self.fields[f"reason_{cid}"] = forms.CharField(
                label=f"{membership.cadre.name}的原因",
                required=False,
                max_length=200,
                initial=att.reason if att else "",
                widget=forms.TextInput(attrs={"placeholder": "缺席或请假原因"}),
            )
            self.rows.append((membership, self[f"att_{cid}"], self[f"reason_{cid}"]))

    def clean_uploads(self):
        files = (self.cleaned_data.get("uploads") or []) + self.restored_uploads()
        for upload in files:
            check_upload(upload)
        return files

    def clean(self):
        cleaned = super().clean()
        known = {m.cadre_id for m in self.members}
        posted = {int(m.group(1)) for key in self.data if (m := ATT_FIELD.match(key))}
        if posted - known:
            raise ValidationError("出席名单中有非本支部党员，请刷新页面后重新填写。")
        for cid in known:
            status = cleaned.get(f"att_{cid}")
            if status == Attendance.Status.ABSENT and not cleaned.get(f"reason_{cid}", "").strip():
                self.add_error(f"reason_{cid}", "缺席须填写原因。")
        return cleaned

    def attendance(self) -> list[AttendanceEntry]:
        return [
            AttendanceEntry(
                cadre_id=m.cadre_id,
                status=self.cleaned_data[f"att_{m.cadre_id}"],
                reason=self.cleaned_data.get(f"reason_{m.cadre_id}", ""),
            )
            for m in self.members
        ]


class EvidenceForm(PendingUploadsMixin, forms.Form):
    """The evidence file chosen before a failed save is kept (apps.core.pending)."""

    pending_field = "upload"
    pending_single = True

    evidence = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 5}))
    upload = forms.FileField(
        label="佐证材料（图片/PDF）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("evidence", "upload", PendingNotice())
        self._init_pending(user)

    def clean_upload(self):
        upload = self.cleaned_data.get("upload") or self.restored_upload()
        if upload:
            check_upload(upload)
        return upload


def _month_choices(around=None, span: int = 6) -> list[tuple[str, str]]:
    """The months a payment may cover (补交 or 预交 up to `span` months), newest last."""
    from datetime import date

    from django.utils import timezone

    today = around or timezone.localdate()
    base = today.year * 12 + today.month - 1
    months = [date((n) // 12, n % 12 + 1, 1) for n in range(base - span, base + span + 1)]
    return [(f"{d:%Y-%m}", f"{d.year}年{d.month}月") for d in months]


class DuesPayForm(forms.Form):
    cadre = forms.TypedChoiceField(label="党员", coerce=int)
    # Ticked from a list, never typed as "2026-10,2026-11".
    months = forms.MultipleChoiceField(
        label="缴纳月份",
        help_text="勾选要缴纳的月份（可预交或补交，前后不超过 6 个月）",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "请勾选缴纳月份。",
            "invalid_choice": "月份不在可缴纳的范围内。",
            "invalid_list": "请从列表中勾选月份。",
        },
    )
    paid_on = forms.DateField(label="缴纳日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, members: list[Membership], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].choices = [(m.cadre_id, m.cadre.name) for m in members]
        self.fields["months"].choices = _month_choices()
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_months(self):
        from datetime import date

        return [date(int(v[:4]), int(v[5:7]), 1) for v in self.cleaned_data["months"]]
