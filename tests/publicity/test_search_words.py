from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.publicity.search import document_tokens, passage, query_tokens

from .factories import PublishedArticleFactory


def _titles(client, q) -> list[str]:
    response = client.get(reverse("publicity:search"), {"q": q})
    assert response.status_code == 200
    return [a.title for a in response.context["page_obj"].object_list]


def _article(city, title, text):
    return PublishedArticleFactory(
        title=title, body=f"<p>{text}</p>", body_text=text, source_unit=city
    )


def test_a_query_is_cut_into_the_same_bigrams_as_the_articles():
    assert query_tokens("重阳节") == ["重阳", "阳节"]
    assert query_tokens("敬老 Party 2026") == ["敬老", "party", "2026"]
    assert {"重阳", "阳节", "重", "阳", "节"} <= set(document_tokens("重阳节", ""))


def test_a_two_character_query_finds_the_articles_with_it_and_not_others(client, city):
    _article(city, "重阳节登高", "老同志登高望远")
    _article(city, "其他消息", "组织老同志重阳赏菊")
    _article(city, "阳光志愿", "重温入党誓词")  # 重 and 阳 both, never side by side
    assert sorted(_titles(client, "重阳")) == ["其他消息", "重阳节登高"]


def test_a_three_character_query_needs_the_three_characters_together(client, city):
    _article(city, "重阳节登高", "活动")
    _article(city, "阳节重阳", "两个词元都有，但没有连在一起的三个字")  # 重阳 + 阳节, not 重阳节
    assert _titles(client, "重阳节") == ["重阳节登高"]


def test_a_two_word_query_finds_only_articles_with_both_words(client, city):
    _article(city, "重阳敬老", "社区开展义诊")
    _article(city, "重阳登高", "无关")
    _article(city, "义诊进社区", "为老同志服务")
    assert _titles(client, "重阳 义诊") == ["重阳敬老"]


def test_a_title_match_ranks_above_a_newer_body_match(client, city):
    older = _article(city, "敬老月活动启动", "内容")
    _article(city, "综合新闻", "本月开展敬老活动")
    older.published_at -= timedelta(days=30)
    older.save()
    assert _titles(client, "敬老") == ["敬老月活动启动", "综合新闻"]


def test_the_matching_passage_is_shown_with_the_words_marked_and_the_body_escaped(client, city):
    _article(city, "通知", "前文很长很长。本次<script>alert(1)</script>重阳节慰问全体老同志")
    response = client.get(reverse("publicity:search"), {"q": "重阳 慰问"})
    body = response.content.decode()
    assert "<mark>重阳</mark>节<mark>慰问</mark>" in body
    assert "alert(1)</script>" not in body
    assert "&lt;/script&gt;<mark>重阳</mark>" in body


def test_the_passage_escapes_a_marked_word_itself():
    assert str(passage("a<b> 重阳", "<b>")) == "a<mark>&lt;b&gt;</mark> 重阳"


def test_the_search_uses_the_bigram_index(client, city):
    _article(city, "重阳", "x")
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("publicity:search"), {"q": "重阳"})
    assert any("search_tokens" in q["sql"] and "@>" in q["sql"] for q in ctx.captured_queries)


def test_an_edited_title_refreshes_the_tokens(city):
    article = _article(city, "重阳", "x")
    article.title = "春节"
    article.save(update_fields=["title"])
    article.refresh_from_db()
    assert "春节" in article.search_tokens and "重阳" not in article.search_tokens
