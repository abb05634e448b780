"""Upload checks: an image must be an image Pillow can read, within the size limit."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
# Files are served with the type their extension names, so the name must say "image" too: a
# valid PNG called page.html would otherwise be served as HTML.
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}


def validate_image(upload) -> None:
    if getattr(upload, "_committed", False):
        return  # already stored, so already checked; re-saving an article must not re-read it
    limit = getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    if Path(upload.name or "").suffix.lower() not in IMAGE_EXTENSIONS:
        raise ValidationError("只支持 JPG、PNG、GIF 或 WEBP 图片。", code="bad_extension")
    if upload.size is not None and upload.size > limit:
        raise ValidationError(f"图片不能超过 {limit // (1024 * 1024)} MB。", code="too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            fmt = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "上传的文件不是有效的图片，请上传 JPG、PNG、GIF 或 WEBP 图片。", code="not_image"
        ) from None
    finally:
        upload.seek(0)
    if fmt not in IMAGE_FORMATS:
        raise ValidationError("只支持 JPG、PNG、GIF 或 WEBP 图片。", code="bad_format")
