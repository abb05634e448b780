"""Anonymous public pages from Redis: no session, no query; never a signed-in user's page or a
shared CSRF token; conditional GET; gzip; view counts in Redis flushed by an idempotent job."""

import gzip
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from apps.accounts.models import Role
from apps.core.jobs import run_job
from apps.publicity import cache as content_cache
from apps.publicity import counter, pagecache
from apps.publicity.models import Article
from tests.factories import UserFactory

from .factories import ExemplarFactory, PublishedArticleFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def article(city):
    return PublishedArticleFactory(source_unit=city, title="重阳节慰问活动")


def _url(article):
    return reverse("publicity:article", args=[article.pk])


def test_a_second_anonymous_read_runs_no_query_and_opens_no_session(
    article, django_assert_num_queries
):
    first = Client().get(_url(article))
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(_url(article))
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert "重阳节慰问活动" in second.content.decode()
    assert second.wsgi_request.__dict__.get("session") is None  # session middleware never ran
    assert "sessionid" not in second.cookies


@pytest.mark.parametrize(
    "name,args",
    [
        ("publicity:home", []),
        ("publicity:article_list", []),
        ("publicity:category", ["work"]),
        ("publicity:exemplar_list", []),
        ("publicity:feed", []),
    ],
)
def test_every_public_page_is_served_from_the_cache(city, name, args, django_assert_num_queries):
    PublishedArticleFactory(source_unit=city)
    url = reverse(name, args=args)
    Client().get(url)
    with django_assert_num_queries(0):
        assert Client().get(url)["X-Page-Cache"] == "hit"


def test_an_exemplar_page_is_cached(city, django_assert_num_queries):
    exemplar = ExemplarFactory()
    url = reverse("publicity:exemplar", args=[exemplar.pk])
    assert Client().get(url).status_code == 200
    with django_assert_num_queries(0):
        assert Client().get(url)["X-Page-Cache"] == "hit"


def test_a_signed_in_user_never_gets_the_anonymous_page(client, article, city):
    Client().get(_url(article))  # cached for the public
    staff = UserFactory(role=Role.BUREAU_STAFF, unit=city)
    client.force_login(staff)
    response = client.get(_url(article))
    assert "X-Page-Cache" not in response
    assert "工作台" in response.content.decode()  # the signed-in header, rendered for them


def test_an_anonymous_render_never_stores_a_signed_in_page(client, article, city):
    staff = UserFactory(role=Role.BUREAU_STAFF, unit=city)
    client.force_login(staff)
    client.get(_url(article))
    anonymous = Client().get(_url(article))
    assert anonymous["X-Page-Cache"] == "miss"
    assert "工作台" not in anonymous.content.decode()


def _prime_with_a_form(url):
    """A cached page holding a form (as every page's 大字 switch is), stored as a render
    leaves it: the token's placeholder in place of a token."""
    request = RequestFactory().get(url)
    body = (
        '<html><body><form method="post" action="/accounts/login/">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{pagecache.CSRF_PLACEHOLDER}">'
        "</form>" + "重阳" * 200 + "</body></html>"
    )
    entry = {"body": body, "content_type": "text/html; charset=utf-8", "etag": '"e"', "modified": 1}
    cache.set(pagecache._key(request), entry, timeout=60)


def test_each_visitor_gets_their_own_csrf_token_never_a_shared_one(article):
    _prime_with_a_form(_url(article))
    first, second = Client(), Client()
    one = first.get(_url(article))
    two = second.get(_url(article))
    assert one["X-Page-Cache"] == "hit"
    token_one, token_two = TOKEN.findall(one.content.decode()), TOKEN.findall(two.content.decode())
    assert len(token_one) == 1 and token_one != token_two
    assert pagecache.CSRF_PLACEHOLDER not in one.content.decode()
    assert "csrftoken" in one.cookies  # the cookie the token belongs to
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_the_token_on_a_cached_page_passes_the_csrf_check(article):
    _prime_with_a_form(_url(article))
    visitor = Client(enforce_csrf_checks=True)
    token = TOKEN.findall(visitor.get(_url(article)).content.decode())[0]
    login = reverse("accounts:login")
    assert visitor.post(login, {"username": "x", "password": "y"}).status_code == 403
    assert visitor.post(login, {"csrfmiddlewaretoken": token, "username": "x"}).status_code == 200


def test_a_visitor_with_a_csrf_cookie_keeps_it(article):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(reverse("accounts:login"))  # a form page: the visitor gets a CSRF cookie
    secret = visitor.cookies["csrftoken"].value
    _prime_with_a_form(_url(article))
    page = visitor.get(_url(article))
    token = TOKEN.findall(page.content.decode())[0]
    assert visitor.cookies["csrftoken"].value == secret
    login = reverse("accounts:login")
    assert visitor.post(login, {"csrfmiddlewaretoken": token, "username": "x"}).status_code == 200


def test_a_rendered_page_never_carries_the_placeholder(article):
    for _ in range(2):
        html = Client().get(_url(article)).content.decode()
        assert pagecache.CSRF_PLACEHOLDER not in html
        assert all(t != pagecache.CSRF_PLACEHOLDER for t in TOKEN.findall(html))


def test_the_large_font_variant_is_cached_apart(article):
    Client().get(_url(article))
    large = Client()
    large.cookies["portal_font"] = "large"
    assert large.get(_url(article))["X-Page-Cache"] == "miss"
    assert large.get(_url(article))["X-Page-Cache"] == "hit"


def test_conditional_get_answers_304(article):
    first = Client().get(_url(article))
    etag, modified = first["ETag"], first["Last-Modified"]
    assert Client().get(_url(article), HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert Client().get(_url(article), HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert Client().get(_url(article), HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_cached_pages_are_gzipped_for_clients_that_accept_it(article):
    Client().get(_url(article))
    response = Client().get(_url(article), HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "重阳节慰问活动" in gzip.decompress(response.content).decode()
    plain = Client().get(_url(article))
    assert "Content-Encoding" not in plain


def test_publishing_or_unpublishing_replaces_the_cached_page(article, city):
    Client().get(_url(article))
    Article.objects.filter(pk=article.pk).update(title="改过的标题")
    assert "重阳节慰问活动" in Client().get(_url(article)).content.decode()  # cached
    content_cache.bump_now()  # what every publish/unpublish/edit does after commit
    assert "改过的标题" in Client().get(_url(article)).content.decode()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    content_cache.bump_now()
    assert Client().get(_url(article)).status_code == 404


def test_search_and_other_queries_are_never_cached(article):
    for url in (reverse("publicity:search") + "?q=重阳", _url(article) + "?utm=x"):
        Client().get(url)
        assert "X-Page-Cache" not in Client().get(url)


def test_a_page_with_messages_is_not_served_from_the_cache(article):
    Client().get(_url(article))
    visitor = Client()
    visitor.cookies["messages"] = "x"
    assert "X-Page-Cache" not in visitor.get(_url(article))


def test_views_on_cached_pages_are_counted_once_per_visitor_and_flushed_idempotently(
    article, django_assert_num_queries
):
    Client().get(_url(article), REMOTE_ADDR="10.0.0.1")  # miss: counted
    with django_assert_num_queries(0):
        Client().get(_url(article), REMOTE_ADDR="10.0.0.2")  # hit: counted in Redis only
        Client().get(_url(article), REMOTE_ADDR="10.0.0.2")  # same visitor: not again
    assert counter.pending(article.pk) == 2
    article.refresh_from_db()
    assert article.view_count == 0
    assert run_job("publicity_views_flush", on=date.today()) == 2
    assert run_job("publicity_views_flush", on=date.today()) == 0  # a re-run writes nothing
    article.refresh_from_db()
    assert article.view_count == 2
    assert counter.pending(article.pk) == 0


def test_a_batch_left_by_a_failed_flush_is_finished_not_lost(article, monkeypatch):
    counter.record(article_id=article.pk, visitor="a")
    counter.record(article_id=article.pk, visitor="b")

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("apps.publicity.counter.transaction.atomic", boom)
    with pytest.raises(RuntimeError):
        counter.flush()
    monkeypatch.undo()
    counter.record(article_id=article.pk, visitor="c")  # arrives meanwhile
    assert counter.pending(article.pk) == 3
    assert counter.flush() == 2  # the left batch first
    assert counter.flush() == 1  # then the new one
    article.refresh_from_db()
    assert article.view_count == 3
