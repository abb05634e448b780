from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from apps.accounts.models import OrgUnit
from apps.core.pending import PendingNotice, PendingUploadsMixin
from apps.core.uploads import IMAGE

from .models import Adoption, Article, InfoSubmission, MediaLevel
from .sanitize import sanitize_html
from .validators import validate_image


class _Crispy:
    def _crispy(self):
        self.helper = FormHelper()
        self.helper.form_tag = False


class ArticleForm(PendingUploadsMixin, _Crispy, forms.ModelForm):
    """A cover chosen before a failed save is kept (apps.core.pending), not asked for again."""

    pending_field = "cover"
    pending_kinds = (IMAGE,)
    pending_single = True

    class Meta:
        model = Article
        fields = ["title", "category", "source_unit", "summary", "cover", "body"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18, "data-rich-editor": "1"}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "cover": forms.ClearableFileInput(attrs={"accept": "image/*"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_unit"].queryset = OrgUnit.objects.visible_to(user)
        if not self.instance.pk and user.unit_id:
            self.fields["source_unit"].initial = user.unit_id
        self._crispy()
        self.helper.layout = Layout(
            "title", "category", "source_unit", "summary", "cover", PendingNotice(), "body"
        )
        self._init_pending(user)

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        kept = self.restored_upload()
        # A new file wins; 清除 (False) wins; otherwise the kept cover is the one chosen.
        if kept is not None and cover is not False and not isinstance(cover, UploadedFile):
            return kept
        return cover

    def clean_body(self):
        body = sanitize_html(self.cleaned_data["body"])
        if not body.strip():
            raise forms.ValidationError("正文不能为空。")
        return body


class ApproveForm(_Crispy, forms.Form):
    publish_at = forms.DateTimeField(
        label="定时发布时间",
        required=False,
        help_text="留空则立即发布；填写将来的时间则到时自动出现在网站上。",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    comment = forms.CharField(
        label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._crispy()


class ReturnForm(_Crispy, forms.Form):
    comment = forms.CharField(
        label="退回意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "退回时请填写退回意见。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._crispy()


class UnpublishForm(_Crispy, forms.Form):
    comment = forms.CharField(
        label="撤下原因", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._crispy()


class ImageUploadForm(forms.Form):
    image = forms.FileField(
        label="插入图片",
        validators=[validate_image],
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )


class SubmissionForm(_Crispy, forms.ModelForm):
    class Meta:
        model = InfoSubmission
        fields = ["unit", "title", "content", "submitted_on"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 10}),
            "submitted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the user's own subtree is offered; the service refuses anything else as well.
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user)
        self.fields["unit"].initial = user.unit_id
        self.fields["unit"].error_messages["invalid_choice"] = "不能代其他单位报送信息。"
        self.fields["submitted_on"].initial = timezone.localdate
        self._crispy()


class AdoptionForm(_Crispy, forms.ModelForm):
    class Meta:
        model = Adoption
        fields = ["outlet", "level", "adopted_on"]
        widgets = {"adopted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = MediaLevel.objects.all()
        self.fields["level"].empty_label = "请选择媒体级别"
        self.fields["level"].error_messages["required"] = (
            "请选择媒体级别（中央级/省级/市级/县级）。"
        )
        self.fields["adopted_on"].initial = timezone.localdate
        self._crispy()

    def validate_unique(self):
        # The service checks "same outlet twice" with a clear message; skip the generic one.
        pass


class RankingFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label="季度",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "全年"), (1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")],
    )
