"""The one upload check and the one way uploaded files are served, for every app.

Checking: the real type comes from the content, never from the uploader's file name. Images
are opened and verified by Pillow (JPEG/PNG/GIF/WEBP) and their pixel count is capped
(a 48 KB PNG can declare 20000×20000 pixels and take gigabytes to decode); PDFs must have a PDF
header and trailer. Everything else (SVG, HTML, scripts, office files, archives) is refused
with a Chinese message, and so is a file larger than `settings.UPLOAD_MAX_BYTES`.

Serving: `serve_upload` sniffs the stored content again (so a file planted in storage, or one
stored before these checks, is judged by what it is), sends verified images inline with their
own type and everything else as an attachment (PDFs included), always with `nosniff`, a
sandboxing CSP and an RFC 5987 file name whose extension matches the verified type.
"""

import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

IMAGE = "image"
PDF = "pdf"

IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
IMAGE_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
PDF_TYPE = "application/pdf"
UNKNOWN_TYPE = "application/octet-stream"

# 50 megapixels: more than any phone photo or scan a branch uploads (8160×6144 ≈ 50 MP),
# a small fraction of Pillow's default. Pillow itself refuses twice this at open time.
MAX_PIXELS = 50_000_000


def _pillow():
    """PIL.Image with the pixel cap set, imported on the first upload checked (not at start-up)."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    return Image


PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
# What browsers sniff as markup; a file starting with these is never a document we accept.
MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|embed)\b", re.I)
NOT_ACCEPTED = "（SVG、网页、脚本等文件一律不收）"
HEAD_BYTES = 1024
TAIL_BYTES = 2048


@dataclass(frozen=True)
class Verified:
    kind: str  # IMAGE or PDF
    content_type: str
    extension: str


def max_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    if size >= 1024:
        return f"{size / 1024:g} KB"
    return f"{size} 字节"


def _label(upload, noun: str) -> str:
    name = PurePath(getattr(upload, "name", "") or "").name
    return f"{noun}“{name}”" if name else noun


def _read_ends(fileobj) -> tuple[bytes, bytes]:
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(max(0, size - TAIL_BYTES))
    tail = fileobj.read(TAIL_BYTES)
    fileobj.seek(0)
    return head, tail


def _is_pdf(head: bytes, tail: bytes) -> bool:
    """A PDF header at the very start, `%%EOF` in the trailer, and no markup up front (the
    `%PDF-<html>…` polyglot browsers would sniff as a web page)."""
    if not PDF_HEADER.match(head):
        return False
    if MARKUP.search(head):
        return False
    return b"%%EOF" in tail


class _TooManyPixels(Exception):
    pass


def _image_format(fileobj, *, verify: bool) -> str | None:
    """Pillow's format name for an acceptable image, None for anything Pillow can't read.

    Raises _TooManyPixels for a decompression bomb.
    """
    Image = _pillow()  # noqa: N806 - the module, named as everywhere else
    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fileobj) as image:
                fmt = image.format
                width, height = image.size
                frames = getattr(image, "n_frames", 1) or 1
                if width * height > MAX_PIXELS or width * height * frames > 4 * MAX_PIXELS:
                    raise _TooManyPixels
                if verify:
                    image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _TooManyPixels from None
    except (Image.UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return None
    finally:
        fileobj.seek(0)
    return fmt if fmt in IMAGE_TYPES else None


def verify_upload(upload, *, kinds=(IMAGE, PDF), noun: str = "文件") -> Verified:
    """The verified type of an acceptable upload; ValidationError (in Chinese) otherwise.

    `kinds` says what this form accepts: images only, or images and PDFs.
    """
    label = _label(upload, noun)
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        cap = _human_size(limit)
        raise ValidationError(
            f"{label}超过 {cap}：单个文件不能超过 {cap}，请压缩后再上传。", code="too_large"
        )
    if not size:
        raise ValidationError(f"{label}是空文件，请重新选择。", code="empty")
    extensions = set(IMAGE_EXTENSIONS.values()) | {".jpeg"} if IMAGE in kinds else set()
    if PDF in kinds:
        extensions.add(".pdf")
        refused = f"{label}不是图片（JPG/PNG/GIF/WEBP）或 PDF 文件，不能上传{NOT_ACCEPTED}。"
        only = f"只支持 JPG、PNG、GIF、WEBP 图片或 PDF 文件{NOT_ACCEPTED}。"
    else:
        refused = f"{label}不是有效的图片文件，请上传 JPG、PNG、GIF 或 WEBP 图片{NOT_ACCEPTED}。"
        only = "只支持 JPG、PNG、GIF 或 WEBP 图片。"
    # The name is never trusted for the type, but a name that claims another type (a real PNG
    # called page.html) is refused too: it would be saved and downloaded under that name.
    suffix = PurePath(getattr(upload, "name", "") or "").suffix.lower()
    if suffix and suffix not in extensions:
        raise ValidationError(only, code="bad_extension")
    head, tail = _read_ends(upload)
    if PDF in kinds and _is_pdf(head, tail):
        return Verified(PDF, PDF_TYPE, ".pdf")
    if IMAGE in kinds and not MARKUP.search(head[:HEAD_BYTES]):
        try:
            fmt = _image_format(upload, verify=True)
        except _TooManyPixels:
            raise ValidationError(
                f"{label}的像素过多（超过 {MAX_PIXELS // 1_000_000} 百万像素），"
                "请缩小尺寸后再上传。",
                code="too_many_pixels",
            ) from None
        if fmt is not None:
            return Verified(IMAGE, IMAGE_TYPES[fmt], IMAGE_EXTENSIONS[fmt])
    raise ValidationError(refused, code="bad_type")


def sniff(fileobj) -> Verified | None:
    """What a stored file verifiably is, judged by its content; None when it is nothing we serve
    as a document (planted, or stored before the checks)."""
    head, tail = _read_ends(fileobj)
    if _is_pdf(head, tail):
        return Verified(PDF, PDF_TYPE, ".pdf")
    if MARKUP.search(head):
        return None
    try:
        fmt = _image_format(fileobj, verify=False)
    except _TooManyPixels:
        return None
    if fmt is None:
        return None
    return Verified(IMAGE, IMAGE_TYPES[fmt], IMAGE_EXTENSIONS[fmt])


def safe_filename(name: str, extension: str) -> str:
    """The base name without path, control characters or quotes, ending in `extension`."""
    name = PurePath((name or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in '"<>')
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(" .") or "file"
    return f"{stem[:150]}{extension}"


def content_disposition(filename: str, *, attachment: bool = True) -> str:
    """RFC 6266/5987: an ASCII fallback plus `filename*=UTF-8''…` for the real name."""
    fallback = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    fallback = re.sub(r"[^A-Za-z0-9._ -]", "_", fallback).strip() or "file"
    if fallback.startswith("."):
        fallback = "file" + fallback
    kind = "attachment" if attachment else "inline"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def serve_upload(field_file, *, filename: str = "", cache: str = "private, max-age=3600"):
    """Serve a stored upload safely; 404 if the file is missing from storage."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("文件不存在") from None
    verified = sniff(handle)
    if verified is None:
        content_type, extension, inline = UNKNOWN_TYPE, ".bin", False
    else:
        content_type, extension = verified.content_type, verified.extension
        inline = verified.kind == IMAGE
    name = safe_filename(filename or PurePath(field_file.name or "").name, extension)
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name, attachment=not inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = cache
    return response
