"""The one pager partial (templates/core/_pagination.html) over Django's {% querystring %}."""

from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def _render(url: str, page: int, **extra) -> str:
    request = RequestFactory().get(url)
    page_obj = Paginator(list(range(95)), 30).get_page(page)
    return render_to_string(
        "core/_pagination.html", {"page_obj": page_obj, **extra}, request=request
    )


def test_the_pager_links_keep_every_filter_and_change_only_the_page():
    html = _render("/x/?q=%E5%BC%A0&status=draft&page=2", 2)
    assert 'href="?q=%E5%BC%A0&amp;status=draft&amp;page=1"' in html
    assert 'href="?q=%E5%BC%A0&amp;status=draft&amp;page=3"' in html
    assert "第 2 / 4 页" in html
    assert html.count("page=") == 2  # the old page number is replaced, never repeated


def test_the_pager_escapes_a_filter_value_that_carries_markup():
    html = _render('/x/?q="><script>alert(1)</script>', 1)
    assert "<script>" not in html
    assert "page=2" in html


def test_the_first_page_has_no_previous_link_and_one_page_has_no_pager():
    assert "上一页" not in _render("/x/", 1)
    request = RequestFactory().get("/x/")
    single = Paginator([1, 2], 30).get_page(1)
    assert (
        render_to_string("core/_pagination.html", {"page_obj": single}, request=request).strip()
        == ""
    )


def test_the_public_site_pager_gets_its_large_size():
    assert "pagination pagination-lg" not in _render("/x/", 1)
    assert "pagination-lg" in _render("/x/", 1, pager_class="pagination-lg")


def test_no_app_keeps_a_pager_partial_of_its_own():
    templates = Path(settings.BASE_DIR) / "templates"
    copies = [
        str(p.relative_to(templates))
        for pattern in ("**/_pager.html", "**/_pagination.html")
        for p in templates.glob(pattern)
        if p.parent.name != "core"
        # apps/services is being split into visits/subsidies/casework; its pager goes with it.
        and not p.relative_to(templates).parts[0] == "services"
    ]
    assert copies == []
