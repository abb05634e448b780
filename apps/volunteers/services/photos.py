from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

ALLOWED = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def photo_validate(upload) -> str:
    """Check an uploaded photo is a real image of an allowed type and size; its content type."""
    limit = getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    if upload.size > limit:
        raise ValidationError(f"照片“{upload.name}”超过 {limit // (1024 * 1024)} MB。")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(f"“{upload.name}”不是有效的图片文件。") from exc
    finally:
        upload.seek(0)
    if kind not in ALLOWED:
        raise ValidationError(f"“{upload.name}”的格式不受支持，请上传 JPG、PNG 或 WEBP 图片。")
    return ALLOWED[kind]
