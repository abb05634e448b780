import pytest
from django.urls import reverse

from apps.publicity.models import Category

from .factories import PublishedArticleFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reader_on_a_phone_reads_an_article_in_large_text_without_sideways_scrolling(
    phone, live_server, city
):
    for category in Category.values:
        PublishedArticleFactory(category=category, source_unit=city)
    article = PublishedArticleFactory(
        source_unit=city,
        title="关于做好2026年度离退休干部健康体检工作的通知" * 2,
        body="<p>"
        + "体检安排" * 200
        + "</p><table><tr>"
        + "<td>很宽的表格单元格</td>" * 12
        + "</tr></table><p>"
        + "x" * 300
        + "</p>",
    )
    phone.goto(live_server.url + reverse("publicity:home"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.goto(live_server.url + reverse("publicity:article", args=[article.pk]))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    size = "parseFloat(getComputedStyle(document.querySelector('.news-body')).fontSize)"
    normal = phone.evaluate(size)
    assert normal >= 18
    phone.click(".navbar-toggler")
    phone.click("[data-font-toggle]")
    assert phone.evaluate(size) > normal
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
