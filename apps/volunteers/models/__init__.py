"""Volunteers models, a package past ~400 lines (ARCHITECTURE.md): `from apps.volunteers.models
import X` keeps working. photo_path stays in this module: migrations refer to it by this path."""

from django.db import models

from ._common import BALANCE, HOURS, MAX_HOURS_PER_DAY  # noqa: F401
from .activities import (  # noqa: F401
    ServiceRecord,
    ServiceRecordQuerySet,
    VolunteerActivity,
    VolunteerActivityQuerySet,
)
from .projects import KeyProject, KeyProjectQuerySet, MilestoneQuerySet, ProjectMilestone  # noqa: F401
from .teams import (  # noqa: F401
    ServiceField,
    Volunteer,
    VolunteerQuerySet,
    VolunteerTeam,
    VolunteerTeamQuerySet,
)
from .timebank import TimeBankEntry, TimeBankEntryQuerySet  # noqa: F401


def photo_path(instance: "ActivityPhoto", filename: str) -> str:
    import uuid

    ext = (filename.rsplit(".", 1)[-1] if "." in filename else "jpg").lower()[:5]
    return f"volunteers/photos/{instance.activity_id}/{uuid.uuid4().hex}.{ext}"


class ActivityPhotoQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(activity__in=VolunteerActivity.objects.visible_to(user))


class ActivityPhoto(models.Model):
    """A photo of an activity: stored under MEDIA_ROOT, served only by a scoped view."""

    activity = models.ForeignKey(
        VolunteerActivity, verbose_name="活动", on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField("照片", upload_to=photo_path, max_length=200)
    content_type = models.CharField("文件类型", max_length=50)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = ActivityPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = "活动照片"
        verbose_name_plural = "活动照片"
        ordering = ["activity_id", "pk"]

    def __str__(self) -> str:
        return self.image.name
