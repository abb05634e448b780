"""Checks on uploads: only images (verified by Pillow) and PDFs (%PDF header), size-capped."""

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


def max_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024)


def check_upload(upload) -> tuple[str, str]:
    """("image" | "pdf", content type) for an acceptable upload; ValidationError otherwise."""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            f"文件“{upload.name}”超过 {limit // (1024 * 1024)} MB，请压缩后再上传。"
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "pdf", "application/pdf"
    try:
        with Image.open(upload) as image:
            image.verify()
            kind = IMAGE_FORMATS.get(image.format or "")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    finally:
        upload.seek(0)
    if kind is None:
        raise ValidationError(f"文件“{upload.name}”不是图片（JPG/PNG/GIF/WEBP）或 PDF 文件。")
    return "image", kind
