from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="用户名",
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "用户名或密码不正确。请注意区分大小写。",
        "inactive": "该账户已停用，请联系管理员。",
    }


class PortalPasswordChangeForm(PasswordChangeForm):
    """Django's own checks (old password, the validators in settings), with Chinese labels
    and messages whatever the browser's language."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "原密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "原密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"
        self.fields[
            "new_password1"
        ].help_text = "至少 10 位，不能全是数字，不能过于常见或与用户名相近。"

    def add_error(self, field, error):
        # Django's zh-hans catalogue lacks the current wording of the minimum-length message,
        # so it would appear in English among Chinese ones.
        if isinstance(error, ValidationError) and hasattr(error, "error_list"):
            error = ValidationError([_chinese(item) for item in error.error_list])
        super().add_error(field, error)


def _chinese(error: ValidationError) -> ValidationError:
    if error.code == "password_too_short":
        min_length = (error.params or {}).get("min_length", "")
        return ValidationError(
            f"密码太短，至少需要 {min_length} 个字符。", code="password_too_short"
        )
    return error
