"""Staff pages: writing and reviewing articles, information submissions and the ranking."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import deny, role_required
from apps.core.forms import errors_into_form
from apps.core.xlsx import xlsx_response

from .. import services
from ..forms import (
    AdoptionForm,
    ApproveForm,
    ArticleForm,
    ImageUploadForm,
    RankingFilterForm,
    ReturnForm,
    SubmissionForm,
    UnpublishForm,
)
from ..models import Article, Category, InfoSubmission
from ..permissions import can_review, can_see_ranking, can_write
from ..selectors import (
    RANKING_HEADERS,
    Period,
    current_period,
    ranking_rows,
    ranking_workbook,
    recent_years,
    unit_ranking,
)

PAGE_SIZE = 30


_requires = role_required  # the one role gate (apps.accounts.access)


writer_required = _requires(can_write)


def _errors(request, exc: ValidationError, form=None) -> None:
    """Field errors onto the form (apps.core.forms); a plain message as a flash message."""
    if form is not None and hasattr(exc, "error_dict"):
        errors_into_form(form, exc)
        return
    for message in exc.messages:
        messages.error(request, message)


# --- Articles -----------------------------------------------------------------------------------


@writer_required
def manage_list(request):
    qs = Article.objects.visible_to(request.user).select_related("source_unit", "author")
    status = request.GET.get("status", "")
    if status in Article.Status.values:
        qs = qs.filter(status=status)
    category = request.GET.get("category", "")
    if category in Category.values:
        qs = qs.filter(category=category)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        qs = qs.filter(title__icontains=query)
    qs = qs.defer("body", "body_text").order_by("-updated_at", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "publicity/manage_list.html",
        {
            "page_obj": page,
            "statuses": Article.Status.choices,
            "categories": Category.choices,
            "status": status,
            "category": category,
            "query": query,
            "can_review": can_review(request.user),
        },
    )


@writer_required
def manage_create(request):
    form = ArticleForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.article_create(
                by=request.user,
                title=data["title"],
                category=data["category"],
                body=data["body"],
                source_unit=data["source_unit"],
                summary=data["summary"],
                cover=data.get("cover") or None,
            )
        except ValidationError as exc:
            _errors(request, exc, form)
        else:
            messages.success(request, "稿件已保存为草稿。")
            return redirect("publicity:manage_detail", pk=article.pk)
    return render(request, "publicity/manage_form.html", {"form": form, "article": None})


@writer_required
def manage_edit(request, pk: int):
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
    if not services.can_edit(request.user, article):
        messages.error(request, "稿件已提交审核，不能再修改。")
        return redirect("publicity:manage_detail", pk=pk)
    form = ArticleForm(
        request.POST or None, request.FILES or None, instance=article, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(article=article, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc, form)
        else:
            messages.success(request, "稿件已保存。")
            return redirect("publicity:manage_detail", pk=pk)
    return render(
        request,
        "publicity/manage_form.html",
        {
            "form": form,
            "article": article,
            "image_form": ImageUploadForm(),
        },
    )


@writer_required
def manage_detail(request, pk: int):
    article = get_object_or_404(
        Article.objects.visible_to(request.user).select_related("source_unit", "author"), pk=pk
    )
    return render(
        request,
        "publicity/manage_detail.html",
        {
            "article": article,
            "transitions": article.transitions.select_related("by"),
            "images": article.images.all(),
            "can_review": can_review(request.user),
            "can_edit": services.can_edit(request.user, article),
            "editable": article.status in services.EDITABLE,
            "approve_form": ApproveForm(),
            "return_form": ReturnForm(),
            "unpublish_form": UnpublishForm(),
        },
    )


def _transition(request, pk: int, action, form_class=None, done: str = ""):
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
    kwargs = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("publicity:manage_detail", pk=pk)
        kwargs = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    try:
        action(article=article, by=request.user, **kwargs)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("publicity:manage_detail", pk=pk)


@require_POST
@writer_required
def manage_submit(request, pk: int):
    return _transition(request, pk, services.article_submit, done="稿件已提交审核。")


@require_POST
@_requires(can_review)
def manage_approve(request, pk: int):
    return _transition(request, pk, services.article_approve, ApproveForm, done="稿件已发布。")


@require_POST
@_requires(can_review)
def manage_return(request, pk: int):
    return _transition(request, pk, services.article_return, ReturnForm, done="稿件已退回。")


@require_POST
@_requires(can_review)
def manage_unpublish(request, pk: int):
    return _transition(
        request, pk, services.article_unpublish, UnpublishForm, done="稿件已从网站撤下。"
    )


@require_POST
@writer_required
def manage_image_upload(request, pk: int):
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
    form = ImageUploadForm(request.POST, request.FILES)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if form.is_valid():
        try:
            image = services.article_image_add(
                article=article, by=request.user, image=form.cleaned_data["image"]
            )
        except ValidationError as exc:
            form.add_error("image", exc.messages[0])
        else:
            url = image.get_absolute_url()
            if wants_json:
                return JsonResponse({"url": url})
            messages.success(request, f"图片已上传，地址：{url}")
            return redirect("publicity:manage_edit", pk=pk)
    error = "；".join(form.errors.get("image", ["上传失败。"]))
    if wants_json:
        return JsonResponse({"error": error}, status=400)
    messages.error(request, error)
    return redirect("publicity:manage_edit", pk=pk)


# --- Information submissions ----------------------------------------------------------------------


@writer_required
def submission_list(request):
    qs = (
        InfoSubmission.objects.visible_to(request.user)
        .select_related("unit", "submitted_by")
        .prefetch_related("adoptions__level")
        .defer("content")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "publicity/submission_list.html",
        {
            "page_obj": page,
            "can_review": can_review(request.user),
        },
    )


@writer_required
def submission_create(request):
    form = SubmissionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.submission_create(
                by=request.user,
                unit=data["unit"],
                title=data["title"],
                content=data["content"],
                submitted_on=data["submitted_on"],
            )
        except ValidationError as exc:
            _errors(request, exc, form)
        else:
            messages.success(request, "信息已报送。")
            return redirect("publicity:submission_detail", pk=submission.pk)
    return render(request, "publicity/submission_form.html", {"form": form})


@writer_required
def submission_detail(request, pk: int):
    submission = get_object_or_404(
        InfoSubmission.objects.visible_to(request.user).select_related("unit", "submitted_by"),
        pk=pk,
    )
    form = AdoptionForm(request.POST or None) if can_review(request.user) else None
    if request.method == "POST":
        if form is None:
            deny()
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.adoption_record(
                    submission=submission,
                    by=request.user,
                    outlet=data["outlet"],
                    level=data["level"],
                    adopted_on=data["adopted_on"],
                )
            except ValidationError as exc:
                _errors(request, exc, form)
            else:
                messages.success(request, "采用情况已登记。")
                return redirect("publicity:submission_detail", pk=pk)
    return render(
        request,
        "publicity/submission_detail.html",
        {
            "submission": submission,
            "adoptions": submission.adoptions.select_related("level", "recorded_by"),
            "form": form,
        },
    )


def _ranking_period(request) -> Period:
    default = current_period()
    form = RankingFilterForm(request.GET or None)
    if request.GET and form.is_valid():
        return Period(year=form.cleaned_data["year"], quarter=form.cleaned_data["quarter"])
    return Period(year=default.year, quarter=None)


@_requires(can_see_ranking)
def ranking(request):
    period = _ranking_period(request)
    rows = list(unit_ranking(user=request.user, period=period))
    return render(
        request,
        "publicity/ranking.html",
        {
            "rows": rows,
            "period": period,
            "years": recent_years(),
            "headers": RANKING_HEADERS,
            "quarters": [(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")],
        },
    )


@_requires(can_see_ranking)
def ranking_export(request):
    period = _ranking_period(request)
    rows = ranking_rows(unit_ranking(user=request.user, period=period))
    scope = request.user.unit.name if request.user.unit_id else ""
    content = ranking_workbook(rows=rows, period=period, scope=scope)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(content, f"ranking-{period.year}-{period.quarter or 'year'}-{stamp}.xlsx")
