import pytest
from django.urls import reverse

from apps.publicity.models import Article
from apps.publicity.search import query_tokens, tokens

from .factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db


def _article(title, text):
    return PublishedArticleFactory(title=title, body=f"<p>{text}</p>", body_text=text)


@pytest.fixture
def articles():
    return {
        "health": _article("重阳节慰问", "走访看望离休干部，送去健康讲座。"),
        "song": _article("合唱比赛", "老干部合唱团参加全市比赛获得一等奖。"),
        "both": _article("健康合唱活动", "以歌声促健康，合唱团排练新曲目。"),
        "apart": _article("健身与康复", "健身操教学，康复训练指导。"),
    }


def _hits(text):
    return set(Article.objects.published().search(text).values_list("pk", flat=True))


def test_the_query_uses_the_same_bigrams_as_the_stored_text():
    assert tokens("健康讲座 abc") == ["健康", "康讲", "讲座", "abc"]
    assert query_tokens("合唱 健康") == ["合唱", "健康"]


def test_a_two_character_query_finds_only_articles_with_those_two_characters_together(articles):
    assert _hits("健康") == {articles["health"].pk, articles["both"].pk}


def test_a_three_character_query_needs_the_whole_word_not_its_bigrams_apart(articles):
    assert _hits("合唱团") == {articles["song"].pk, articles["both"].pk}
    assert _hits("健康讲") == {articles["health"].pk}


def test_two_words_must_both_match_in_title_or_body(articles):
    assert _hits("合唱 健康") == {articles["both"].pk}


def test_the_result_shows_the_passage_with_the_words_marked_and_escaped(client):
    _article("安全提示", "谨防<script>诈骗</script>，健康第一。")
    html = client.get(reverse("publicity:search"), {"q": "健康"}).content.decode()
    assert "<mark>健康</mark>" in html
    assert "<script>诈骗" not in html and "&lt;script&gt;" in html
