"""Volunteer activity photos, checked by apps.core.uploads."""

from apps.core.uploads import IMAGE, verify_upload


def photo_validate(upload) -> str:
    """Check an uploaded photo is a real image of an allowed type and size; its content type."""
    return verify_upload(upload, kinds=(IMAGE,), noun="照片").content_type
