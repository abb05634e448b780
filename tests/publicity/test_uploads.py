from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from apps.publicity import services
from apps.publicity.models import Article, ArticleImage, Category

from .factories import ArticleFactory, PublishedArticleFactory


def png_bytes() -> bytes:
    out = BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _post_article(client, unit, cover):
    return client.post(
        reverse("publicity:manage_create"),
        {
            "title": "带封面的新闻",
            "category": Category.WORK,
            "source_unit": unit.pk,
            "summary": "",
            "body": "<p>x</p>",
            "cover": cover,
        },
    )


@pytest.mark.parametrize(
    "name,content",
    [
        ("photo.jpg", b"this is not an image at all"),
        ("evil.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("doc.png", b"%PDF-1.4 fake pdf"),
    ],
)
def test_a_cover_that_is_not_an_image_is_refused_and_nothing_saved(client, staff_a, name, content):
    client.force_login(staff_a)
    response = _post_article(client, staff_a.unit, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert "不是有效的图片" in response.content.decode()
    assert not Article.objects.exists()


def test_a_real_png_named_like_a_web_page_is_refused(client, staff_a):
    client.force_login(staff_a)
    response = _post_article(client, staff_a.unit, SimpleUploadedFile("page.html", png_bytes()))
    assert "只支持 JPG、PNG、GIF 或 WEBP 图片。" in response.content.decode()
    assert not Article.objects.exists()


def test_editing_an_article_keeps_its_stored_cover(client, staff_a):
    client.force_login(staff_a)
    _post_article(client, staff_a.unit, SimpleUploadedFile("c.png", png_bytes()))
    article = Article.objects.get()
    services.article_update(article=article, by=staff_a, data={"title": "改过的标题"})
    article.refresh_from_db()
    assert article.title == "改过的标题" and article.cover.name.endswith(".png")


def test_a_real_png_cover_is_accepted_and_served_once_published(client, staff_a):
    client.force_login(staff_a)
    _post_article(client, staff_a.unit, SimpleUploadedFile("c.png", png_bytes()))
    article = Article.objects.get()
    assert article.cover.name.endswith(".png")
    client.logout()
    url = reverse("publicity:article_cover", args=[article.pk])
    assert client.get(url).status_code == 404
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=article.created_at
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()


def test_a_draft_cover_is_404_for_staff_of_another_district(client, staff_a, staff_b):
    client.force_login(staff_a)
    _post_article(client, staff_a.unit, SimpleUploadedFile("c.png", png_bytes()))
    client.force_login(staff_b)
    article = Article.objects.get()
    assert client.get(reverse("publicity:article_cover", args=[article.pk])).status_code == 404


def test_a_body_image_that_is_not_an_image_is_refused(client, staff_a):
    article = ArticleFactory(source_unit=staff_a.unit)
    client.force_login(staff_a)
    response = client.post(
        reverse("publicity:manage_image_upload", args=[article.pk]),
        {"image": SimpleUploadedFile("x.gif", b"GIF89a-but-not-really")},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert "不是有效的图片" in response.json()["error"]
    assert not ArticleImage.objects.exists()


def test_a_body_image_upload_returns_a_url_that_serves_the_image(client, staff_a):
    article = ArticleFactory(source_unit=staff_a.unit)
    client.force_login(staff_a)
    response = client.post(
        reverse("publicity:manage_image_upload", args=[article.pk]),
        {"image": SimpleUploadedFile("p.png", png_bytes())},
        HTTP_ACCEPT="application/json",
    )
    url = response.json()["url"]
    assert url == reverse("publicity:article_image", args=[ArticleImage.objects.get().pk])
    assert client.get(url)["Content-Type"] == "image/png"


def test_an_oversized_image_is_refused(client, staff_a, settings):
    settings.UPLOAD_MAX_BYTES = 10
    client.force_login(staff_a)
    response = _post_article(client, staff_a.unit, SimpleUploadedFile("c.png", png_bytes()))
    assert "不能超过" in response.content.decode()
    assert not Article.objects.exists()


def test_the_body_image_of_a_published_article_is_public(client, city):
    article = PublishedArticleFactory(source_unit=city)
    image = ArticleImage.objects.create(
        article=article, image=SimpleUploadedFile("p.png", png_bytes())
    )
    assert client.get(reverse("publicity:article_image", args=[image.pk])).status_code == 200
