"""Publicity images (covers, article images, exemplar photos), checked by apps.core.uploads.

Referenced by the model fields and their migrations, so the name stays.
"""

from apps.core.uploads import IMAGE, verify_upload


def validate_image(upload) -> None:
    if getattr(upload, "_committed", False):
        return  # already stored, so already checked; re-saving an article must not re-read it
    verify_upload(upload, kinds=(IMAGE,), noun="图片")
