"""apps.core.forms.errors_into_form: the one mapping of a service's ValidationError onto a form."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from apps.core.forms import errors_into_form


class _Form(forms.Form):
    name = forms.CharField()


def _bound() -> _Form:
    form = _Form(data={"name": "张三"})
    assert form.is_valid()
    return form


def test_a_field_error_lands_under_its_field():
    form = _bound()
    errors_into_form(form, ValidationError({"name": "姓名已存在。"}))
    assert form.errors["name"] == ["姓名已存在。"]
    assert form.non_field_errors() == []


def test_an_error_for_a_field_the_form_lacks_goes_to_the_top_instead_of_failing():
    form = _bound()
    errors_into_form(
        form, ValidationError({"unit": "单位不在您的管辖范围内。", NON_FIELD_ERRORS: "已撤回。"})
    )
    assert form.non_field_errors() == ["单位不在您的管辖范围内。", "已撤回。"]
    assert "unit" not in form.errors


def test_a_plain_message_or_a_list_goes_to_the_top_of_the_form():
    form = _bound()
    errors_into_form(form, ValidationError(["第一条。", "第二条。"]))
    assert form.non_field_errors() == ["第一条。", "第二条。"]
    assert not form.is_valid()
