"""The article form keeps a cover chosen before a failed save (apps.core.pending): the writer
fixes the error and saves without choosing the image again."""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from apps.publicity.models import Article, Category

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="pending_uploads" value="([^"]+)"')


def _cover(name="封面.png", colour="red"):
    out = BytesIO()
    Image.new("RGB", (8, 6), colour).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _data(unit, **extra):
    return {
        "title": "重阳节走访慰问",
        "category": Category.WORK,
        "source_unit": unit.pk,
        "summary": "",
        "body": "<p>走访慰问离退休干部。</p>",
        **extra,
    }


def test_a_cover_survives_a_failed_save_and_is_stored_on_resubmit(client, staff_a):
    client.force_login(staff_a)
    url = reverse("publicity:manage_create")
    failed = client.post(url, _data(staff_a.unit, title="", cover=_cover()))
    assert failed.status_code == 200
    page = failed.content.decode()
    assert "已选择：封面.png（已保留" in page
    assert not Article.objects.exists()  # nothing saved on the failed attempt
    token = TOKEN.search(page).group(1)

    saved = client.post(url, _data(staff_a.unit, pending_uploads=token))
    assert saved.status_code == 302
    article = Article.objects.get()
    assert article.cover
    with article.cover.open("rb") as stored:
        assert Image.open(stored).size == (8, 6)


def test_a_kept_cover_survives_a_second_failure(client, staff_a):
    client.force_login(staff_a)
    url = reverse("publicity:manage_create")
    first = client.post(url, _data(staff_a.unit, title="", cover=_cover()))
    token = TOKEN.search(first.content.decode()).group(1)
    second = client.post(url, _data(staff_a.unit, title="", pending_uploads=token))
    page = second.content.decode()
    assert page.count("已选择：封面.png（已保留") == 1
    assert not Article.objects.exists()
    saved = client.post(url, _data(staff_a.unit, pending_uploads=TOKEN.search(page).group(1)))
    assert saved.status_code == 302
    assert Article.objects.get().cover


def test_a_new_choice_replaces_the_kept_cover(client, staff_a):
    client.force_login(staff_a)
    url = reverse("publicity:manage_create")
    first = client.post(url, _data(staff_a.unit, title="", cover=_cover()))
    token = TOKEN.search(first.content.decode()).group(1)
    again = client.post(
        url, _data(staff_a.unit, title="", pending_uploads=token, cover=_cover("新封面.png"))
    )
    page = again.content.decode()
    assert "已选择：新封面.png（已保留" in page
    assert "已选择：封面.png" not in page
    new_token = TOKEN.search(page).group(1)
    # Both tokens posted back (the old one ticked in an older tab): the newer file wins.
    saved = client.post(url, _data(staff_a.unit, pending_uploads=[token, new_token]))
    assert saved.status_code == 302
    assert Article.objects.get().cover.name.endswith(".png")
    assert "新封面" in Article.objects.get().cover.name


def test_a_refused_cover_is_not_kept(client, staff_a):
    client.force_login(staff_a)
    pdf = SimpleUploadedFile("封面.pdf", b"%PDF-1.4\n%%EOF\n")
    response = client.post(reverse("publicity:manage_create"), _data(staff_a.unit, cover=pdf))
    assert response.status_code == 200
    assert "已保留" not in response.content.decode()
    assert not Article.objects.exists()


def test_editing_keeps_the_cover_after_a_failed_save(client, staff_a):
    article = ArticleFactory(source_unit=staff_a.unit, author=staff_a)
    client.force_login(staff_a)
    url = reverse("publicity:manage_edit", args=[article.pk])
    failed = client.post(url, _data(staff_a.unit, title="", cover=_cover()))
    assert failed.status_code == 200
    article.refresh_from_db()
    assert not article.cover
    token = TOKEN.search(failed.content.decode()).group(1)
    saved = client.post(url, _data(staff_a.unit, title="改过的标题", pending_uploads=token))
    assert saved.status_code == 302
    article.refresh_from_db()
    assert (article.title, bool(article.cover)) == ("改过的标题", True)


def test_another_users_token_brings_no_cover(client, staff_a, bureau_staff):
    from apps.core import pending

    foreign = pending.keep(bureau_staff, _cover())
    client.force_login(staff_a)
    saved = client.post(
        reverse("publicity:manage_create"), _data(staff_a.unit, pending_uploads=foreign.token)
    )
    assert saved.status_code == 302
    assert not Article.objects.get().cover


def test_a_cover_is_kept_when_the_service_refuses_the_save(client, staff_a, monkeypatch):
    from django.core.exceptions import ValidationError

    from apps.publicity import services

    def refuse(**kwargs):
        raise ValidationError({"title": "同名稿件已存在。"})

    monkeypatch.setattr(services, "article_create", refuse)
    client.force_login(staff_a)
    response = client.post(reverse("publicity:manage_create"), _data(staff_a.unit, cover=_cover()))
    assert response.status_code == 200
    page = response.content.decode()
    assert "同名稿件已存在。" in page
    assert page.count("已选择：封面.png（已保留") == 1
    assert not Article.objects.exists()
