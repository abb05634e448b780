"""The signed-in home page renders only its own bits: the columns, the same for every reader of
one content version, come rendered from Redis (apps/publicity/pagecache.py `fragment`)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.accounts.models import Role
from apps.publicity import cache as content_cache
from apps.publicity.models import Category
from tests.factories import UserFactory

from .factories import ExemplarFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db

COLUMNS = "publicity/_home_sections.html"


def _templates(response) -> list[str]:
    return [t.name for t in response.templates]


@pytest.fixture
def reader(client, city):
    user = UserFactory(username="reader-zhang", first_name="张读者", role=Role.DISTRICT_STAFF)
    client.force_login(user)
    return user


def test_a_signed_in_reader_gets_the_columns_rendered_once(
    client, city, reader, django_assert_max_num_queries
):
    PublishedArticleFactory(category=Category.NOTICE, title="重阳节通知", source_unit=city)
    ExemplarFactory(title="李先锋的故事")
    first = client.get(reverse("publicity:home"))
    assert COLUMNS in _templates(first)
    with django_assert_max_num_queries(3):  # the session and the user only
        again = client.get(reverse("publicity:home"))
    assert COLUMNS not in _templates(again)
    html = again.content.decode()
    assert "重阳节通知" in html and "李先锋的故事" in html


def test_a_change_of_public_content_renders_the_columns_anew(client, city, reader):
    client.get(reverse("publicity:home"))
    PublishedArticleFactory(category=Category.NOTICE, title="新发布的通知", source_unit=city)
    content_cache.bump_now()  # what every publish does on commit
    response = client.get(reverse("publicity:home"))
    assert COLUMNS in _templates(response)
    assert "新发布的通知" in response.content.decode()


def test_the_kept_columns_carry_nothing_of_the_reader(client, city, reader):
    PublishedArticleFactory(category=Category.NOTICE, title="重阳节通知", source_unit=city)
    page = client.get(reverse("publicity:home")).content.decode()
    assert "工作台" in page  # the signed-in reader's own link, outside the columns
    (key,) = cache.keys("publicity:fragment:*")
    kept = cache.get(key)
    assert "重阳节通知" in kept
    for personal in ("reader-zhang", "张读者", "csrfmiddlewaretoken", "工作台"):
        assert personal not in kept


def test_another_reader_gets_the_same_columns_and_their_own_page(client, city, reader):
    PublishedArticleFactory(category=Category.NOTICE, title="重阳节通知", source_unit=city)
    client.get(reverse("publicity:home"))
    client.logout()
    anonymous = client.get(reverse("publicity:home")).content.decode()
    assert "重阳节通知" in anonymous
    assert "工作台" not in anonymous
