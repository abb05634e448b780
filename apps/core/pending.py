"""Pending uploads: files chosen before a failed save are kept server-side, not re-asked.

A file that passed the one upload check (apps.core.uploads) is written under
MEDIA_ROOT/pending/<user id>/<random>/ and referred to by a signed token scoped to that user and
expiring after PENDING_MAX_AGE seconds; the next submission of the same form brings it back.
"""

import logging
import secrets
import shutil
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from .uploads import verify_upload

logger = logging.getLogger(__name__)

SALT = "apps.core.pending-upload"
PENDING_MAX_AGE = 24 * 3600
FIELD = "pending_uploads"


@dataclass(frozen=True)
class PendingUpload:
    token: str
    name: str


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / "pending"


def keep(user, upload) -> PendingUpload | None:
    """Store an acceptable upload for `user`; None for a file the upload check refuses."""
    try:
        verify_upload(upload)
    except ValidationError:
        return None
    upload.seek(0)
    name = Path(upload.name or "file").name[:100]
    rel = Path(str(user.pk)) / secrets.token_hex(16) / "upload"
    path = _root() / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    upload.seek(0)
    token = signing.dumps({"u": user.pk, "p": str(rel), "n": name}, salt=SALT)
    return PendingUpload(token=token, name=name)


def restore(user, token: str) -> tuple[PendingUpload, SimpleUploadedFile] | None:
    """The kept file behind `token`, if it is this user's and has not expired; None otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return None
    if not user.is_authenticated or data.get("u") != user.pk:
        return None
    path = (_root() / data["p"]).resolve()
    if _root().resolve() not in path.parents or not path.is_file():
        return None
    content = path.read_bytes()
    upload = SimpleUploadedFile(data["n"], content)
    return PendingUpload(token=token, name=data["n"]), upload


class PendingUploadsMixin:
    """For a form with a multi-file field `pending_field`: kept files come back on the next post.

    The form takes `user=`; `self.pending_items` lists what is kept (shown as 已选择：x（已保留）
    with a tick box to drop it). Restored files are added to the field's cleaned list.
    """

    pending_field = "uploads"

    def _init_pending(self, user):
        self.pending_user = user
        self.pending_items: list[PendingUpload] = []
        self._restored = []
        if self.is_bound and user is not None and hasattr(self.data, "getlist"):
            for token in self.data.getlist(FIELD)[:20]:
                found = restore(user, token)
                if found:
                    self.pending_items.append(found[0])
                    self._restored.append(found[1])

    def restored_uploads(self) -> list:
        return list(self._restored)

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not self._errors or self.pending_user is None:
            return
        if not self.pending_user.is_authenticated:
            return
        for upload in self.files.getlist(self.pending_field) if self.files else []:
            item = keep(self.pending_user, upload)
            if item:
                self.pending_items.append(item)


def pending_sweep(*, on: date | None = None) -> int:
    """The daily job: delete kept uploads older than PENDING_MAX_AGE (their tokens no longer
    restore them), each with its folder, and user folders left empty. A function of the files
    alone, so a second or concurrent run deletes nothing more and fails on nothing already gone.
    `on` is the registry's signature; file ages are measured against the clock."""
    root = _root()
    if not root.is_dir():
        return 0
    cutoff = time.time() - PENDING_MAX_AGE
    removed = 0
    for user_dir in root.iterdir():
        if not user_dir.is_dir():
            continue
        for item in user_dir.iterdir():
            try:
                if item.stat().st_mtime >= cutoff and all(
                    f.stat().st_mtime >= cutoff for f in item.iterdir()
                ):
                    continue
            except (FileNotFoundError, NotADirectoryError):
                pass  # half-gone or a stray file: swept below
            if item.is_dir():
                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink(missing_ok=True)
            removed += 1
        try:
            user_dir.rmdir()  # only when empty
        except OSError:
            pass
    logger.info("pending uploads swept: %s", removed)
    return removed
