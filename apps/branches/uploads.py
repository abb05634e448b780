"""Branch evidence and activity attachments: images or PDFs, checked by apps.core.uploads."""

from apps.core.uploads import IMAGE, PDF, verify_upload


def check_upload(upload) -> tuple[str, str]:
    """("image" | "pdf", content type) for an acceptable upload; ValidationError otherwise."""
    verified = verify_upload(upload, kinds=(IMAGE, PDF))
    return verified.kind, verified.content_type
