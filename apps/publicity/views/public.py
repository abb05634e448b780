"""The public news site: no login, only `.published()` articles and `.public()` exemplars."""

import hashlib

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from apps.core.uploads import serve_upload

from .. import counter, services
from ..models import Article, ArticleImage, Category, Exemplar
from ..pagecache import fragment, public_context
from ..sanitize import sanitize_html
from ..search import passage as search_passage
from ..search import words as search_words
from ..selectors import home_content
from ..site import public_site_name

PAGE_SIZE = 20
SEARCH_LIMIT = 200
LIST_FIELDS = (
    "pk",
    "title",
    "category",
    "summary",
    "body_text",
    "published_at",
    "view_count",
    "source_unit__name",
)


def visitor_hash(request) -> str:
    """Who is reading, cheaply: the session if one exists (never created for this), else the
    address and browser. Only a hash goes to Redis."""
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        raw = "s:" + session_key
    else:
        raw = "a:{}|{}".format(
            request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_USER_AGENT", "")[:200]
        )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _public_list(request, qs, *, template="publicity/article_list.html", **context):
    page = Paginator(qs.select_related("source_unit").only(*LIST_FIELDS), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        template,
        {"page_obj": page, "categories": Category.choices, **context, **public_context(request)},
    )


@require_GET
def home(request):
    # The columns are the same for everyone: rendered once per content version, so a signed-in
    # reader's request (never served whole from the page cache) renders only the page around them.
    sections = fragment(
        "home", lambda: render_to_string("publicity/_home_sections.html", home_content())
    )
    return render(
        request,
        "publicity/home.html",
        {"sections_html": sections, "categories": Category.choices, **public_context(request)},
    )


@require_GET
def article_list(request, category: str | None = None):
    if category is not None and category not in Category.values:
        raise Http404
    qs = Article.objects.published()
    if category:
        qs = qs.filter(category=category)
    label = Category(category).label if category else "全部新闻"
    return _public_list(request, qs, category=category, heading=label)


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:100]
    if "\x00" in query:
        # PostgreSQL refuses NUL in a text literal: say so instead of failing the search.
        return render(
            request,
            "publicity/article_list.html",
            {
                "page_obj": Paginator([], PAGE_SIZE).get_page(1),
                "categories": Category.choices,
                "heading": "搜索",
                "query": query.replace("\x00", ""),
                "is_search": True,
                "search_error": "搜索内容含有无效字符，请修改后重试。",
            },
            status=400,
        )
    # One scan, newest first, stopping at the limit: a common word walks the published_at
    # index and stops early; no second full scan just to COUNT(*) every match.
    # Ranking: articles with more of the words in their title first, then the newest.
    title_rank = sum(
        (
            Case(When(title__icontains=w, then=Value(1)), default=Value(0))
            for w in search_words(query)
        ),
        Value(0),
    )
    ids = list(
        Article.objects.published()
        .search(query)
        .annotate(title_rank=title_rank)
        .order_by("-title_rank", "-published_at", "-pk")
        .values_list("pk", flat=True)[: SEARCH_LIMIT + 1]
    )
    page = Paginator(ids[:SEARCH_LIMIT], PAGE_SIZE).get_page(request.GET.get("page"))
    by_id = (
        Article.objects.select_related("source_unit")
        .only(*LIST_FIELDS)
        .in_bulk(list(page.object_list))
    )
    page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
    for article in page.object_list:
        article.passage = search_passage(article.body_text, query)
    return render(
        request,
        "publicity/article_list.html",
        {
            "page_obj": page,
            "categories": Category.choices,
            "heading": "搜索",
            "query": query,
            "is_search": True,
            "truncated": len(ids) > SEARCH_LIMIT,
            "search_limit": SEARCH_LIMIT,
        },
    )


@require_GET
def article_detail(request, pk: int):
    article = get_object_or_404(Article.objects.published().select_related("source_unit"), pk=pk)
    services.article_record_view(article_id=article.pk, visitor=visitor_hash(request))
    # The table's count plus the views still in Redis (this one included when it counted).
    article.view_count += counter.pending(article.pk)
    return render(
        request,
        "publicity/article_detail.html",
        {"article": article, "categories": Category.choices, **public_context(request)},
    )


def _file_response(field):
    return serve_upload(field)


def _article_for_file(request, article_id: int) -> Article:
    """Public once published; before that only staff in the article's scope see its images."""
    qs = Article.objects.filter(
        Q(pk__in=Article.objects.published().values("pk"))
        | Q(pk__in=Article.objects.visible_to(request.user).values("pk"))
    )
    return get_object_or_404(qs, pk=article_id)


@require_GET
def article_cover(request, pk: int):
    article = _article_for_file(request, pk)
    if not article.cover:
        raise Http404
    return _file_response(article.cover)


@require_GET
def article_image(request, pk: int):
    image = get_object_or_404(ArticleImage, pk=pk)
    _article_for_file(request, image.article_id)
    return _file_response(image.image)


@require_GET
def exemplar_list(request):
    page = Paginator(
        Exemplar.objects.public()
        .select_related("cadre")
        .only("pk", "title", "kind", "honours", "photo", "cadre__name"),
        12,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "publicity/exemplar_list.html",
        {"page_obj": page, "categories": Category.choices, **public_context(request)},
    )


@require_GET
def exemplar_detail(request, pk: int):
    exemplar = get_object_or_404(Exemplar.objects.public().select_related("cadre"), pk=pk)
    return render(
        request,
        "publicity/exemplar_detail.html",
        {"exemplar": exemplar, "categories": Category.choices, **public_context(request)},
    )


@require_GET
def exemplar_photo(request, pk: int):
    qs = Exemplar.objects.filter(
        Q(pk__in=Exemplar.objects.public().values("pk"))
        | Q(pk__in=Exemplar.objects.visible_to(request.user).values("pk"))
    )
    exemplar = get_object_or_404(qs, pk=pk)
    if not exemplar.photo:
        raise Http404
    return _file_response(exemplar.photo)


class LatestArticlesFeed(Feed):
    description = "最新发布的新闻、通知公告和政策法规"

    def title(self):
        return f"{public_site_name()} · 新闻动态"

    def link(self):
        return reverse("publicity:article_list")

    def items(self):
        return Article.objects.published().select_related("source_unit").only(*LIST_FIELDS)[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers decode the description once and render it as HTML: the teaser is plain
        # text taken from the body (entities already decoded), so it goes through the pages'
        # sanitiser, never out raw.
        return sanitize_html(item.teaser)

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.source_unit.name

    def item_categories(self, item):
        return [item.get_category_display()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
