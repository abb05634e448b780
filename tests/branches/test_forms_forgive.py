"""Forms that forgive: the shared error summary and an attendance list nobody pre-marks."""

import re

import pytest
from django.urls import reverse

from apps.branches.models import BranchActivity

from .test_activities import post_data


@pytest.fixture
def sec_client(client, secretary):
    client.force_login(secretary)
    return client


def test_a_new_activity_form_marks_nobody_as_present(sec_client, branch, members):
    html = sec_client.get(reverse("branches:activity_create", args=[branch.pk])).content.decode()
    assert "checked" not in html
    assert 'data-attendance-all="present"' in html and "全部出席" in html
    assert 'data-attendance-all="absent"' in html and "全部缺席" in html


def test_the_absence_rule_and_common_reasons_are_shown_where_attendance_is_chosen(
    sec_client, branch, members
):
    html = sec_client.get(reverse("branches:activity_create", args=[branch.pk])).content.decode()
    rule = html.index("缺席须填写原因")
    assert html.index("出席情况") < rule < html.index(f"attendance-{members[0].cadre_id}")
    for reason in ("生病住院", "外出", "行动不便"):
        assert f'data-reason="{reason}"' in html
    assert 'list="attendance-reasons"' in html


def test_a_member_left_unmarked_is_refused_with_a_chinese_message(sec_client, branch, members):
    data = post_data(members)
    del data[f"att_{members[0].cadre_id}"]
    response = sec_client.post(reverse("branches:activity_create", args=[branch.pk]), data)
    assert "请选择出席、请假或缺席" in response.content.decode()
    assert not BranchActivity.objects.exists()


def test_a_failed_save_shows_one_focused_announced_summary_linking_each_field(
    sec_client, branch, members
):
    first, second = members[0].cadre_id, members[1].cadre_id
    data = post_data(members, topic="", **{f"att_{first}": "absent", f"att_{second}": "absent"})
    html = sec_client.post(
        reverse("branches:activity_create", args=[branch.pk]), data
    ).content.decode()
    summary = re.search(r"<div [^>]*data-error-summary.*?</div>", html, re.S).group(0)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert "请修改以下 3 处" in summary
    assert 'href="#id_topic"' in summary
    assert f'href="#id_reason_{first}"' in summary and f'href="#id_reason_{second}"' in summary
    assert f'id="id_reason_{first}"' in html
    assert html.index("data-error-summary") < html.index('name="kind"')
    assert html.count("data-error-summary") == 1
    # nothing typed is lost
    assert 'value="社区活动室"' in html


def test_a_page_whose_form_is_fine_shows_no_summary(sec_client, branch, members):
    html = sec_client.get(reverse("branches:activity_create", args=[branch.pk])).content.decode()
    assert "data-error-summary" not in html


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return out.getvalue()


def _pending_tokens(html: str) -> list[str]:
    return re.findall(r'name="pending_uploads" value="([^"]+)"', html)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_photo_chosen_before_a_failed_save_is_kept_and_saved_with_the_recovery(
    sec_client, branch, members, media
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.branches.models import ActivityAttachment

    url = reverse("branches:activity_create", args=[branch.pk])
    first = members[0].cadre_id
    data = post_data(members, **{f"att_{first}": "absent"})
    data["uploads"] = [SimpleUploadedFile("photo.png", _png(), "image/png")]
    html = sec_client.post(url, data).content.decode()
    assert not BranchActivity.objects.exists()
    assert "已选择：photo.png（已保留" in html
    tokens = _pending_tokens(html)
    assert len(tokens) == 1
    fixed = post_data(members, **{f"att_{first}": "absent", f"reason_{first}": "生病住院"})
    fixed["submit_token"] = data["submit_token"]
    fixed["pending_uploads"] = tokens
    response = sec_client.post(url, fixed)
    assert response.status_code == 302
    attachment = ActivityAttachment.objects.get()
    assert attachment.activity == BranchActivity.objects.get()


def test_an_unticked_kept_photo_is_not_saved(sec_client, branch, members, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.branches.models import ActivityAttachment

    url = reverse("branches:activity_create", args=[branch.pk])
    data = post_data(members, topic="")
    data["uploads"] = [SimpleUploadedFile("photo.png", _png(), "image/png")]
    assert _pending_tokens(sec_client.post(url, data).content.decode())
    fixed = post_data(members)  # the box unticked: no pending_uploads posted
    assert sec_client.post(url, fixed).status_code == 302
    assert not ActivityAttachment.objects.exists()


def test_another_users_pending_token_brings_back_nothing(
    client, sec_client, secretary, branch, members, media
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.branches.models import ActivityAttachment
    from apps.core import pending
    from tests.factories import UserFactory

    other = UserFactory()
    token = pending.keep(other, SimpleUploadedFile("x.png", _png(), "image/png")).token
    assert pending.restore(secretary, token) is None
    url = reverse("branches:activity_create", args=[branch.pk])
    data = post_data(members)
    data["pending_uploads"] = [token, "forged"]
    assert sec_client.post(url, data).status_code == 302
    assert not ActivityAttachment.objects.exists()


def test_a_refused_file_is_not_kept(sec_client, branch, members, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("branches:activity_create", args=[branch.pk])
    data = post_data(members)
    data["uploads"] = [SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")]
    html = sec_client.post(url, data).content.decode()
    assert not _pending_tokens(html)
    assert not BranchActivity.objects.exists()


def test_dues_months_are_ticked_from_a_list_not_typed(sec_client, branch):
    from datetime import date

    from apps.branches.forms import DuesPayForm

    form = DuesPayForm(members=[])
    html = str(form["months"])
    assert 'type="checkbox"' in html and 'type="text"' not in html
    values = [v for v, _ in form.fields["months"].choices]
    assert len(values) == 13 and "2026-10,2026-11" not in html
    typed = DuesPayForm(
        {"cadre": "", "months": "2026-10,2026-11", "paid_on": "2026-11-05"}, members=[]
    )
    assert not typed.is_valid()
    assert "请从列表中勾选月份" in str(typed.errors["months"])
    outside = DuesPayForm({"months": ["2019-01"], "paid_on": "2026-11-05"}, members=[])
    assert not outside.is_valid()
    assert "月份不在可缴纳的范围内" in str(outside.errors["months"])
    ticked = DuesPayForm({"months": values[5:7], "paid_on": "2026-11-05"}, members=[])
    ticked.is_valid()
    assert "months" not in ticked.errors
    assert all(isinstance(d, date) and d.day == 1 for d in ticked.cleaned_data["months"])
