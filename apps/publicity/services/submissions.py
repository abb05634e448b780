"""Information submissions (信息报送) and their adoptions (采用)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.accounts.models import OrgUnit, User

from ..models import Adoption, InfoSubmission, MediaLevel
from ..permissions import can_review, can_write


@transaction.atomic
def submission_create(
    *, by: User, title: str, content: str, submitted_on: date, unit: OrgUnit | None = None
) -> InfoSubmission:
    """A unit reports for itself: the unit is the user's own unless they name one inside their
    subtree; another district's unit is refused whatever the form posted."""
    if not can_write(by):
        raise PermissionDenied("只有单位工作人员可以报送信息。")
    unit = unit or by.unit
    if unit is None or not OrgUnit.objects.visible_to(by).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": "不能代其他单位报送信息。"})
    submission = InfoSubmission(
        unit=unit, title=title, content=content, submitted_on=submitted_on, submitted_by=by
    )
    submission.full_clean()
    submission.save()
    return submission


@transaction.atomic
def adoption_record(
    *,
    submission: InfoSubmission,
    by: User,
    outlet: str,
    level: MediaLevel | None,
    adopted_on: date,
) -> Adoption:
    if not can_review(by):
        raise PermissionDenied("只有市局工作人员可以登记采用情况。")
    if not InfoSubmission.objects.visible_to(by).filter(pk=submission.pk).exists():
        raise PermissionDenied("无权处理该报送信息。")
    if level is None:
        raise ValidationError({"level": "请选择媒体级别（中央级/省级/市级/县级）。"})
    if adopted_on < submission.submitted_on:
        raise ValidationError({"adopted_on": "采用日期不能早于报送日期。"})
    adoption = Adoption(
        submission=submission,
        outlet=(outlet or "").strip(),
        level=level,
        adopted_on=adopted_on,
        recorded_by=by,
    )
    try:
        adoption.full_clean()
    except ValidationError as exc:
        if "__all__" in getattr(exc, "error_dict", {}):
            raise ValidationError({"outlet": "该媒体已登记过这条信息的采用。"}) from None
        raise
    adoption.save()
    return adoption


@transaction.atomic
def adoption_delete(*, adoption: Adoption, by: User) -> None:
    if not can_review(by):
        raise PermissionDenied("只有市局工作人员可以删除采用记录。")
    adoption.delete()
