"""Forms of the steering pages: input validation only (the services decide the rest)."""

from decimal import Decimal

from django import forms

from apps.core.pending import PendingUploadsMixin, keep

POINTS = {"max_digits": 7, "decimal_places": 2, "min_value": Decimal("0")}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one input; the service checks each (apps.core.uploads)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(FilesField, self).clean(f, initial) for f in files if f]


class ReportForm(PendingUploadsMixin, forms.Form):
    """A unit's progress report: text, self-score and evidence files (kept after a failed save)."""

    progress = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 4}))
    self_score = forms.DecimalField(label="自评分", **POINTS)
    uploads = FilesField(
        label="佐证材料（图片/PDF，可多选）",
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_pending(user)

    def all_uploads(self) -> list:
        return list(self.cleaned_data.get("uploads") or []) + self.restored_uploads()

    def keep_uploads(self) -> None:
        """After a service refused the report: keep the newly chosen files for the next post."""
        kept = {item.name for item in self.pending_items}
        for upload in self.files.getlist("uploads") if self.files else []:
            if upload and upload.name not in kept:
                item = keep(self.pending_user, upload)
                if item:
                    self.pending_items.append(item)


class ReviewForm(forms.Form):
    DECISIONS = [("accept", "审核通过"), ("return", "退回重报")]

    decision = forms.ChoiceField(label="审核结论", choices=DECISIONS, widget=forms.RadioSelect)
    deduction = forms.DecimalField(label="扣分", required=False, **POINTS)
    reason = forms.CharField(
        label="理由（退回或扣分时必填）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SelfAssessForm(forms.Form):
    """One field per manual leaf item of the rubric (item_<pk>), within its points."""

    def __init__(self, *args, items, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_scores = initial_scores or {}
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.DecimalField(
                label=f"{item.code} {item.title}（{item.points} 分）",
                max_value=item.points,
                initial=initial_scores.get(item.pk),
                help_text=item.rule,
                **POINTS,
            )
        self.items = items

    def scores(self) -> dict:
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}") for item in self.items}


class ReviewEntryForm(forms.Form):
    named = forms.TypedChoiceField(
        label="复核结论",
        choices=[("1", "通过，予以命名"), ("0", "不通过")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="复核意见", required=False, max_length=300)


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(
        label="完成日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
