"""Article writes: editing, the review workflow (草稿 → 待审 → 已发布 / 退回 / 已撤下) and views.

Every transition locks the row, checks the state it starts from, and writes an
ArticleTransition (who, when, comment) in the same transaction; anything that changes what the
public sees replaces the home page cache version after commit.
"""

import logging
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import OrgUnit, Role, User
from apps.notifications.services import ReminderSpec, remind_many, reminders_close

from .. import counter
from ..cache import public_content_changed
from ..models import Article, ArticleImage, ArticleTransition
from ..permissions import can_review, can_write
from ..sanitize import html_to_text, sanitize_html

logger = logging.getLogger(__name__)

Status = Article.Status
EDITABLE = (Status.DRAFT, Status.RETURNED, Status.WITHDRAWN)
EDIT_FIELDS = ("title", "category", "summary", "body", "source_unit", "cover")


def can_edit(user, article: Article) -> bool:
    """Authors' units edit before review and after a return; the reviewers edit any time."""
    if can_review(user):
        return True
    return can_write(user) and article.status in EDITABLE


def _check_unit(by: User, unit: OrgUnit) -> None:
    if not OrgUnit.objects.visible_to(by).filter(pk=unit.pk).exists():
        raise ValidationError({"source_unit": "只能以本单位或下级单位的名义撰稿。"})


def _clean_body(article: Article) -> None:
    article.body = sanitize_html(article.body)
    article.body_text = html_to_text(article.body)


def _log(article: Article, *, from_status: str, by: User, comment: str = "") -> ArticleTransition:
    return ArticleTransition.objects.create(
        article=article,
        from_status=from_status,
        to_status=article.status,
        by=by,
        comment=comment,
    )


def _locked(article: Article, by: User) -> Article:
    """The article, row-locked, through the caller's scope (another unit's draft: refused)."""
    try:
        return Article.objects.visible_to(by).select_for_update(of=("self",)).get(pk=article.pk)
    except Article.DoesNotExist:
        raise PermissionDenied("无权处理该稿件。") from None


def _require_status(article: Article, allowed: tuple, action: str) -> None:
    if article.status not in allowed:
        raise ValidationError(f"稿件当前状态为“{article.get_status_display()}”，不能{action}。")


@transaction.atomic
def article_create(
    *,
    by: User,
    title: str,
    category: str,
    body: str,
    source_unit: OrgUnit,
    summary: str = "",
    cover=None,
) -> Article:
    if not can_write(by):
        raise PermissionDenied("只有单位工作人员可以撰稿。")
    _check_unit(by, source_unit)
    article = Article(
        title=title,
        category=category,
        body=body,
        source_unit=source_unit,
        summary=summary,
        author=by,
        status=Status.DRAFT,
    )
    if cover:
        article.cover = cover
    _clean_body(article)
    article.full_clean()
    article.save()
    _log(article, from_status="", by=by)
    return article


@transaction.atomic
def article_update(*, article: Article, by: User, data: dict) -> Article:
    locked = _locked(article, by)
    if not can_edit(by, locked):
        raise PermissionDenied("稿件已提交审核，不能再修改。")
    for field in EDIT_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "cover":
            # A form gives False for "clear", the old file for "unchanged", a new upload else.
            if value is False:
                locked.cover = ""
            elif isinstance(value, UploadedFile):
                locked.cover = value
            continue
        setattr(locked, field, value)
    if "source_unit" in data:
        _check_unit(by, locked.source_unit)
    _clean_body(locked)
    locked.full_clean()
    locked.save()
    if locked.status == Status.PUBLISHED:
        public_content_changed()
    return locked


@transaction.atomic
def article_admin_save(*, article: Article, by: User, created: bool) -> Article:
    """The admin's form already set the fields: sanitise, check and save the same way."""
    if created:
        article.author = article.author or by
        article.status = Status.DRAFT
    elif not can_edit(by, Article.objects.only("status").get(pk=article.pk)):
        raise PermissionDenied("稿件已提交审核，不能再修改。")
    _check_unit(by, article.source_unit)
    _clean_body(article)
    article.full_clean()
    article.save()
    if created:
        _log(article, from_status="", by=by)
    elif article.status == Status.PUBLISHED:
        public_content_changed()
    return article


def _reviewers():
    return User.objects.filter(
        is_active=True, role=Role.BUREAU_STAFF, unit__kind=OrgUnit.Kind.CITY
    ).values_list("pk", flat=True)


@transaction.atomic
def article_submit(*, article: Article, by: User) -> Article:
    if not can_write(by):
        raise PermissionDenied("只有单位工作人员可以提交稿件。")
    locked = _locked(article, by)
    _require_status(locked, EDITABLE, "提交审核")
    previous, locked.status = locked.status, Status.PENDING
    locked.save(update_fields=["status", "updated_at"])
    step = _log(locked, from_status=previous, by=by)
    url = reverse("publicity:manage_detail", args=[locked.pk])
    remind_many(
        ReminderSpec(
            recipient_id=pk,
            kind="article_pending",
            key=f"article_pending:{step.pk}",
            subject=f"待审稿件：{locked.title}",
            target=locked,
            url=url,
        )
        for pk in _reviewers()
    )
    return locked


@transaction.atomic
def article_approve(
    *, article: Article, by: User, publish_at: datetime | None = None, comment: str = ""
) -> Article:
    """Publish now, or at `publish_at` (the public queryset shows it from then on)."""
    if not can_review(by):
        raise PermissionDenied("只有市局审核人员可以发布稿件。")
    locked = _locked(article, by)
    _require_status(locked, (Status.PENDING,), "发布")
    now = timezone.now()
    previous = locked.status
    locked.status = Status.PUBLISHED
    # No back-dating: a past time would slip the article under newer ones unnoticed.
    locked.published_at = publish_at if publish_at and publish_at > now else now
    locked.save(update_fields=["status", "published_at", "updated_at"])
    _log(locked, from_status=previous, by=by, comment=comment)
    reminders_close(target=locked, kinds=["article_pending"])
    public_content_changed()
    return locked


@transaction.atomic
def article_return(*, article: Article, by: User, comment: str) -> Article:
    if not can_review(by):
        raise PermissionDenied("只有市局审核人员可以退回稿件。")
    if not (comment or "").strip():
        raise ValidationError({"comment": "退回时请填写退回意见。"})
    locked = _locked(article, by)
    _require_status(locked, (Status.PENDING,), "退回")
    previous, locked.status = locked.status, Status.RETURNED
    locked.save(update_fields=["status", "updated_at"])
    step = _log(locked, from_status=previous, by=by, comment=comment.strip())
    reminders_close(target=locked, kinds=["article_pending"])
    if locked.author_id:
        remind_many(
            [
                ReminderSpec(
                    recipient_id=locked.author_id,
                    kind="article_returned",
                    key=f"article_returned:{step.pk}",
                    subject=f"稿件被退回：{locked.title}",
                    body=comment.strip(),
                    target=locked,
                    url=reverse("publicity:manage_detail", args=[locked.pk]),
                )
            ]
        )
    return locked


@transaction.atomic
def article_unpublish(*, article: Article, by: User, comment: str = "") -> Article:
    """Take a published (or scheduled) article off the site at once."""
    if not can_review(by):
        raise PermissionDenied("只有市局审核人员可以撤下稿件。")
    locked = _locked(article, by)
    _require_status(locked, (Status.PUBLISHED,), "撤下")
    previous, locked.status = locked.status, Status.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    _log(locked, from_status=previous, by=by, comment=comment)
    public_content_changed()
    return locked


def article_record_view(*, article_id: int, visitor: str) -> bool:
    """Count one view; the same visitor re-reading within the window is not counted again.
    Counted in Redis and added to the table by the frequent job (apps/publicity/counter.py):
    no database write per view."""
    return counter.record(article_id=article_id, visitor=visitor)


@transaction.atomic
def article_image_add(*, article: Article, by: User, image) -> ArticleImage:
    locked = _locked(article, by)
    if not can_edit(by, locked):
        raise PermissionDenied("稿件已提交审核，不能再添加图片。")
    row = ArticleImage(article=locked, image=image, uploaded_by=by)
    row.full_clean()
    row.save()
    return row
