"""Exemplars (先进典型/银发先锋): a cadre's story, public only when published and consented."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.cadres.models import Cadre

from ..cache import public_content_changed
from ..models import Exemplar
from ..permissions import can_write
from ..sanitize import sanitize_html


@transaction.atomic
def exemplar_save(*, exemplar: Exemplar, by: User) -> Exemplar:
    """Create or update (the admin form set the fields); the cadre must be in scope."""
    if not can_write(by):
        raise PermissionDenied("只有单位工作人员可以维护先进典型。")
    if not Cadre.objects.visible_to(by).filter(pk=exemplar.cadre_id).exists():
        raise ValidationError({"cadre": "只能为本单位管辖的干部建立先进典型。"})
    if exemplar.is_published and not exemplar.consent:
        raise ValidationError({"is_published": "本人未同意公开，不能发布。"})
    if exemplar.consent and exemplar.consent_on is None:
        exemplar.consent_on = timezone.localdate()
    if exemplar.is_published and exemplar.published_at is None:
        exemplar.published_at = timezone.now()
    if exemplar.pk is None:
        exemplar.created_by = by
    exemplar.story = sanitize_html(exemplar.story)
    exemplar.full_clean()
    exemplar.save()
    public_content_changed()
    return exemplar


@transaction.atomic
def exemplar_set_published(*, exemplar: Exemplar, by: User, published: bool) -> Exemplar:
    exemplar = Exemplar.objects.visible_to(by).select_for_update(of=("self",)).get(pk=exemplar.pk)
    exemplar.is_published = published
    if not published:
        exemplar.published_at = None
    return exemplar_save(exemplar=exemplar, by=by)
