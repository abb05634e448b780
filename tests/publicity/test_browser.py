import pytest
from django.urls import reverse

from apps.publicity.models import Category

from .factories import PublishedArticleFactory

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def phone(live_server, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls here stay sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 375, "height": 812})
        yield context.new_page()
        browser.close()


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
