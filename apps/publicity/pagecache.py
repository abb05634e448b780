"""Public pages for anonymous readers without sessions or database: a page cache in front of the
session middleware.

`PublicPageCacheMiddleware` sits right after WhiteNoise (settings.MIDDLEWARE), before sessions,
authentication and the rest. For a GET of a public page (PAGES: home, lists, article,
exemplars, feeds) with no session cookie and no messages cookie, it answers from Redis: no
session is read, no database query runs. Pages are stored after an anonymous render, keyed by
the public content version (apps/publicity/cache.py: every publish, unpublish or edit replaces
it, so a stale page is never served after a change), the path and query (only `?page=N` is
cached) and the 大字 cookie (the page's <html> class differs). The time a page lives is cut to
the next scheduled publication, like the home page's data.

What is never served from here: a signed-in user's page (they carry a session cookie; a page is
also stored only when the request's user is anonymous), a page with messages, a response that
set a cookie other than the CSRF cookie, anything but 200.

CSRF: every page's 大字 switch is a form with a token. Cached pages are rendered with a
placeholder in place of the token (views call `public_context`); each response gets the token
of its own visitor (Django's CsrfViewMiddleware API: the visitor's cookie secret, or a new one
set as a cookie), so no token is shared between visitors.

Conditional GET: ETag (of the stored page, placeholder included, so it is stable per version)
and Last-Modified; If-None-Match / If-Modified-Since answer 304 without a body.

Compression (BREACH): only these anonymous cached pages are gzipped, here. They hold no secret
but the CSRF token, which is masked anew for every response (Django's token masking), and
nothing of the visitor's input is reflected (search is not cached). The portal's other pages,
which show personal data next to reflected input, are not compressed by the application.

Article views on a cached page are still counted (apps/publicity/counter.py: Redis only).
"""

import gzip
import hashlib
import logging
import time
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.safestring import mark_safe

from . import cache as content_cache

logger = logging.getLogger(__name__)

PAGES = frozenset(
    {
        "publicity:home",
        "publicity:article_list",
        "publicity:category",
        "publicity:article",
        "publicity:exemplar_list",
        "publicity:exemplar",
        "publicity:feed",
        "publicity:feed_atom",
    }
)
CSRF_PLACEHOLDER = "csrf-placeholder-0c6f1e"  # noqa: S105 - not a secret: replaced per response
FONT_COOKIE = "portal_font"
GZIP_MIN_BYTES = 200
_csrf = CsrfViewMiddleware(lambda request: None)


def page_cache_seconds() -> int:
    return int(settings.PUBLICITY_PAGE_CACHE_SECONDS)


def _query_ok(query: str) -> bool:
    pairs = parse_qsl(query, keep_blank_values=True)
    return all(k == "page" and v.isdigit() and len(v) < 6 for k, v in pairs) and len(pairs) <= 1


def eligible(request) -> str | None:
    """The page's url name when this request may be answered from (and stored in) the cache."""
    if request.method != "GET" or not page_cache_seconds():
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    if not _query_ok(request.META.get("QUERY_STRING", "")):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    if name not in PAGES:
        return None
    request.public_page = (name, match.kwargs)
    return name


def public_context(request) -> dict:
    """Context for a public page's render: the CSRF placeholder when the page may be cached."""
    if getattr(request, "public_page", None) and not request.user.is_authenticated:
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


def _key(request) -> str:
    font = "large" if request.COOKIES.get(FONT_COOKIE) == "large" else "normal"
    query = request.META.get("QUERY_STRING", "")
    return f"publicity:page:{content_cache.current_version()}:{font}:{request.path_info}?{query}"


def _accepts_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def _serve(request, entry: dict) -> HttpResponse:
    etag, last_modified = entry["etag"], entry["modified"]
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(last_modified))
    if not_modified is not None:
        not_modified["Cache-Control"] = "private, no-cache"
        patch_vary_headers(not_modified, ("Cookie", "Accept-Encoding"))
        return not_modified
    body = entry["body"]
    response = HttpResponse(content_type=entry["content_type"])
    if CSRF_PLACEHOLDER in body:
        if "CSRF_COOKIE" not in request.META:
            _csrf.process_request(request)
        body = body.replace(CSRF_PLACEHOLDER, get_token(request))
        _csrf.process_response(request, response)  # sets the cookie when new or renewed
    data = body.encode()
    if _accepts_gzip(request) and len(data) >= GZIP_MIN_BYTES:
        data = gzip.compress(data, compresslevel=5, mtime=0)
        response["Content-Encoding"] = "gzip"
    response.content = data
    response["Content-Length"] = str(len(data))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "private, no-cache"
    response["X-Page-Cache"] = "hit"
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
    return response


def _count_view(request) -> None:
    name, kwargs = request.public_page
    if name == "publicity:article":
        from .counter import record
        from .views.public import visitor_hash

        record(article_id=int(kwargs["pk"]), visitor=visitor_hash(request))


def _store(request, response) -> dict | None:
    content_type = response.get("Content-Type", "")
    if (
        response.status_code != 200
        or response.streaming
        or any(name != settings.CSRF_COOKIE_NAME for name in response.cookies)
        or "private" in response.get("Cache-Control", "")
        or response.has_header("Content-Encoding")
        or not content_type.startswith(("text/html", "application/rss+xml", "application/atom"))
    ):
        return None
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return None
    body = response.content.decode(response.charset or "utf-8")
    if _has_real_token(body):
        return None  # rendered without the placeholder: never share a visitor's token
    entry = {
        "body": body,
        "content_type": content_type,
        "etag": '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"',
        "modified": time.time(),
    }
    timeout = content_cache.page_timeout(page_cache_seconds())
    cache.set(_key(request), entry, timeout=timeout)
    return entry


def _has_real_token(body: str) -> bool:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = body.find(marker)
    while start != -1:
        value = body[start + len(marker) : body.find('"', start + len(marker))]
        if value != CSRF_PLACEHOLDER:
            return True
        start = body.find(marker, start + 1)
    return False


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if eligible(request) is None:
            return self.get_response(request)
        key = _key(request)
        entry = cache.get(key)
        if entry is not None:
            _count_view(request)
            return _serve(request, entry)
        response = self.get_response(request)
        try:
            entry = _store(request, response)
        except Exception:  # noqa: BLE001 - a page not cached is still a page
            logger.exception("public page cache: could not store %s", request.path_info)
            entry = None
        if entry is not None:
            response["ETag"] = entry["etag"]
            response["Last-Modified"] = http_date(entry["modified"])
            response["Cache-Control"] = "private, no-cache"
            response["X-Page-Cache"] = "miss"
            patch_vary_headers(response, ("Cookie",))
        if response.status_code == 200 and not response.streaming:
            charset = response.charset or "utf-8"
            content = response.content.decode(charset)
            if CSRF_PLACEHOLDER in content:
                response.content = content.replace(CSRF_PLACEHOLDER, get_token(request)).encode(
                    charset
                )
                if response.has_header("Content-Length"):
                    response["Content-Length"] = str(len(response.content))
                _csrf.process_response(request, response)
        return response


def fragment(name: str, render) -> str:
    """Rendered HTML that is the same for every reader (signed in or not) of the current public
    content version: `render()` once per version, kept in Redis like the cached pages (cut to the
    next scheduled publication). `render` must not see the request: a fragment never carries a
    user's name, permissions or CSRF token (the signed-in home page renders only those itself)."""
    seconds = page_cache_seconds()
    if not seconds:
        return mark_safe(render())  # noqa: S308 - our own template's output
    key = f"publicity:fragment:{content_cache.current_version()}:{name}"
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, timeout=content_cache.page_timeout(seconds))
    return mark_safe(html)  # noqa: S308 - our own template's output, stored by us
