"""Feeds carry only sanitised HTML; bad search input gets a message, not a 500."""

from html.parser import HTMLParser
from xml.etree import ElementTree

from django.urls import reverse

from .factories import PublishedArticleFactory

ATOM = "{http://www.w3.org/2005/Atom}"
PAYLOAD = (
    '<script>alert("feed")</script><img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(2)">点击</a> 重阳节登高'
)


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)


def _assert_inert(html: str):
    parser = _Collect()
    parser.feed(html)
    assert "script" not in parser.tags
    assert not [name for name, _ in parser.attrs if name.startswith("on")]
    assert not [v for _, v in parser.attrs if v and "javascript:" in v.lower()]
    assert "<script" not in html.lower() and "onerror" not in html.lower()
    assert "javascript:" not in html.lower()


def test_the_rss_description_is_sanitised_html(client, city):
    PublishedArticleFactory(source_unit=city, summary=PAYLOAD)
    response = client.get(reverse("publicity:feed"))
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    (description,) = [item.findtext("description") for item in root.iter("item")]
    assert "重阳节登高" in description
    _assert_inert(description)


def test_the_atom_summary_is_sanitised_html(client, city):
    PublishedArticleFactory(source_unit=city, summary="", body_text=PAYLOAD)
    response = client.get(reverse("publicity:feed_atom"))
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    (summary,) = root.iter(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "重阳节登高" in summary.text
    _assert_inert(summary.text)


def test_a_nul_byte_in_the_public_search_is_a_message_not_a_500(client, city):
    PublishedArticleFactory(source_unit=city, title="重阳节登高")
    response = client.get(reverse("publicity:search"), {"q": "重阳\x00"})
    assert response.status_code == 400
    assert "搜索内容含有无效字符" in response.content.decode()
