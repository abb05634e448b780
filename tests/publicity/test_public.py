import threading
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.publicity import cache as home_cache
from apps.publicity import counter, services
from apps.publicity.models import Article, Category

from .factories import ArticleFactory, ExemplarFactory, PublishedArticleFactory


def test_home_shows_the_latest_of_each_category_and_nothing_unpublished(client, city):
    for category in Category.values:
        PublishedArticleFactory.create_batch(7, category=category, source_unit=city)
    newest = PublishedArticleFactory(
        category=Category.NOTICE, title="最新通知", source_unit=city, published_at=timezone.now()
    )
    ArticleFactory(title="草稿稿件", source_unit=city)
    ArticleFactory(title="待审稿件", status=Article.Status.PENDING, source_unit=city)
    PublishedArticleFactory(
        title="定时稿件", source_unit=city, published_at=timezone.now() + timedelta(hours=1)
    )
    response = client.get(reverse("publicity:home"))
    html = response.content.decode()
    sections = {s["category"]: s["articles"] for s in response.context["sections"]}
    assert all(len(articles) == 6 for articles in sections.values())
    assert sections[Category.NOTICE][0]["id"] == newest.pk
    for hidden in ("草稿稿件", "待审稿件", "定时稿件"):
        assert hidden not in html


def test_home_uses_a_bounded_number_of_queries_then_none_from_the_cache(
    client, city, django_assert_max_num_queries, django_assert_num_queries
):
    for category in Category.values:
        PublishedArticleFactory.create_batch(10, category=category, source_unit=city)
    ExemplarFactory.create_batch(5)
    # Three for the page's data and one for the anonymous page cache's lifetime (the next
    # scheduled publication, once per content version).
    with django_assert_max_num_queries(4):
        response = client.get(reverse("publicity:home"))
    assert len(response.context["exemplars"]) == 4
    with django_assert_num_queries(0):
        client.get(reverse("publicity:home"))


def test_publishing_invalidates_the_cached_home_page(
    client, staff_a, bureau_staff, django_capture_on_commit_callbacks
):
    client.get(reverse("publicity:home"))
    article = services.article_create(
        by=staff_a,
        title="刚刚发布的新闻",
        category=Category.WORK,
        body="<p>x</p>",
        source_unit=staff_a.unit,
    )
    services.article_submit(article=article, by=staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_approve(article=article, by=bureau_staff)
    assert "刚刚发布的新闻" in client.get(reverse("publicity:home")).content.decode()


def test_editing_a_published_article_invalidates_the_cached_home_page(
    client, bureau_staff, django_capture_on_commit_callbacks
):
    article = PublishedArticleFactory(title="旧标题", source_unit=bureau_staff.unit)
    assert "旧标题" in client.get(reverse("publicity:home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_update(article=article, by=bureau_staff, data={"title": "新标题"})
    html = client.get(reverse("publicity:home")).content.decode()
    assert "新标题" in html and "旧标题" not in html


def test_the_cached_home_page_expires_when_the_next_scheduled_article_is_due(client, city):
    PublishedArticleFactory(source_unit=city, published_at=timezone.now() + timedelta(seconds=90))
    client.get(reverse("publicity:home"))
    assert 0 < cache.ttl(home_cache.home_key()) <= 91


def test_the_home_page_cache_lives_its_normal_time_without_scheduled_articles(
    client, city, settings
):
    settings.PUBLICITY_HOME_CACHE_SECONDS = 120
    PublishedArticleFactory(source_unit=city)
    client.get(reverse("publicity:home"))
    assert 90 < cache.ttl(home_cache.home_key()) <= 120


def test_an_article_page_shows_publish_time_source_unit_and_view_count(client, district_a):
    article = PublishedArticleFactory(source_unit=district_a, view_count=41)
    response = client.get(reverse("publicity:article", args=[article.pk]))
    html = response.content.decode()
    assert "东城区" in html
    assert timezone.localtime(article.published_at).strftime("%Y年%-m月%-d日 %H:%M") in html
    assert '<span data-testid="view-count">42</span>' in html


def test_the_same_visitor_reloading_counts_one_view(client, city):
    article = PublishedArticleFactory(source_unit=city)
    url = reverse("publicity:article", args=[article.pk])
    for _ in range(3):
        client.get(url)
    assert counter.flush() == 1
    article.refresh_from_db()
    assert article.view_count == 1


def test_different_visitors_each_count_a_view(client, city):
    article = PublishedArticleFactory(source_unit=city)
    url = reverse("publicity:article", args=[article.pk])
    client.get(url, REMOTE_ADDR="10.0.0.1")
    client.get(url, REMOTE_ADDR="10.0.0.2")
    client.get(url, REMOTE_ADDR="10.0.0.1")
    assert counter.flush() == 2
    article.refresh_from_db()
    assert article.view_count == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_views_are_all_counted(city):
    article = PublishedArticleFactory(source_unit=city)
    barrier = threading.Barrier(2)

    def view(visitor):
        barrier.wait()
        for n in range(10):
            services.article_record_view(article_id=article.pk, visitor=f"{visitor}-{n}")
        connection.close()

    threads = [threading.Thread(target=view, args=(v,)) for v in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counter.flush()
    article.refresh_from_db()
    assert article.view_count == 20


def test_a_draft_article_page_is_404_for_the_public(client, city):
    article = ArticleFactory(source_unit=city)
    assert client.get(reverse("publicity:article", args=[article.pk])).status_code == 404


def test_a_category_list_paginates_in_bounded_queries(client, city, django_assert_max_num_queries):
    PublishedArticleFactory.create_batch(25, category=Category.POLICY, source_unit=city)
    PublishedArticleFactory.create_batch(3, category=Category.WORK, source_unit=city)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("publicity:category", args=["policy"]), {"page": 2})
    assert response.context["page_obj"].paginator.count == 25
    assert len(response.context["page_obj"].object_list) == 5


def test_an_unknown_category_is_404(client, db):
    assert client.get(reverse("publicity:category", args=["nope"])).status_code == 404


def test_search_finds_titles_and_body_text_of_published_articles_only(
    client, city, django_assert_max_num_queries
):
    PublishedArticleFactory(title="重阳节登高", source_unit=city)
    PublishedArticleFactory(
        title="其他",
        body="<p>组织老同志重阳赏菊</p>",
        body_text="组织老同志重阳赏菊",
        source_unit=city,
    )
    ArticleFactory(title="重阳草稿", source_unit=city)
    PublishedArticleFactory(
        title="标签", body='<p title="重阳">无关</p>', body_text="无关", source_unit=city
    )
    with django_assert_max_num_queries(3):
        response = client.get(reverse("publicity:search"), {"q": "重阳"})
    titles = {a.title for a in response.context["page_obj"]}
    assert titles == {"重阳节登高", "其他"}


def test_an_empty_search_finds_nothing(client, city):
    PublishedArticleFactory(source_unit=city)
    response = client.get(reverse("publicity:search"), {"q": " "})
    assert response.context["page_obj"].paginator.count == 0


def test_the_rss_feed_lists_published_articles_only(client, city):
    PublishedArticleFactory(title="订阅可见", source_unit=city)
    ArticleFactory(title="订阅不可见", source_unit=city)
    response = client.get(reverse("publicity:feed"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "订阅可见" in body and "订阅不可见" not in body


def test_the_atom_feed_lists_published_articles(client, city):
    PublishedArticleFactory(title="原子订阅", source_unit=city)
    response = client.get(reverse("publicity:feed_atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "原子订阅" in response.content.decode()


def test_public_pages_offer_the_font_size_switch_and_category_navigation(client, db):
    html = client.get(reverse("publicity:home")).content.decode()
    assert "data-font-toggle" in html
    for label in Category.labels:
        assert label in html


def test_a_search_with_very_many_matches_shows_the_newest_up_to_the_limit(
    client, city, monkeypatch
):
    monkeypatch.setattr("apps.publicity.views.public.SEARCH_LIMIT", 3)
    newest = PublishedArticleFactory(
        title="敬老 最新", source_unit=city, published_at=timezone.now()
    )
    PublishedArticleFactory.create_batch(4, title="敬老", source_unit=city)
    response = client.get(reverse("publicity:search"), {"q": "敬老"})
    assert response.context["page_obj"].paginator.count == 3
    assert response.context["page_obj"].object_list[0] == newest
    assert "显示最新的 3 篇" in response.content.decode()


def test_a_view_is_still_counted_when_redis_is_down(city, monkeypatch):
    article = PublishedArticleFactory(source_unit=city)
    # django-redis with IGNORE_EXCEPTIONS answers None when the server is unreachable.
    monkeypatch.setattr("apps.publicity.counter.cache.add", lambda *a, **k: None)
    assert services.article_record_view(article_id=article.pk, visitor="v")
    article.refresh_from_db()
    assert article.view_count == 1
