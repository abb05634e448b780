"""The one HTML sanitiser for everything readers see (article bodies, exemplar stories).

nh3 (Rust ammonia) parses like a browser and keeps only the whitelist below, so a payload that
hides in odd markup (svg, style, event handlers, javascript: URLs) is dropped, not "escaped".
"""

import re
from html import unescape

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "span",
    "div",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
# Relative URLs (our own /news/images/...) pass; any other scheme than http(s) is removed.
URL_SCHEMES = {"http", "https"}


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def html_to_text(html: str) -> str:
    """Plain text of sanitised HTML, for search and summaries (never rendered as HTML)."""
    return _SPACE.sub(" ", unescape(_TAG.sub(" ", html or ""))).strip()
