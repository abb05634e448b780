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
from django.template.loader import render_to_string

from .uploads import IMAGE, PDF, verify_upload

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


def keep(user, upload, *, kinds=(IMAGE, PDF)) -> PendingUpload | None:
    """Store an acceptable upload for `user`; None for a file the upload check refuses
    (`kinds`: what the form's field accepts, so a PDF chosen for an image is not kept)."""
    try:
        verify_upload(upload, kinds=kinds)
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
    """For a form with a file field `pending_field`: kept files come back on the next post.

    The form takes `user=` and calls `self._init_pending(user)`; `self.pending_items` lists what
    is kept (templates/core/_pending_uploads.html shows it as 已选择：x（已保留） with a tick box
    to drop it). A multi-file field adds `restored_uploads()` to its cleaned list; a single-file
    field (`pending_single = True`) takes `restored_upload()` when no new file was chosen, and a
    newly chosen file replaces the kept one. `pending_kinds` is what the field accepts.
    Files are kept when the form fails and also when a service refuses the save afterwards
    (the view's `errors_into_form` -> `add_error`), so no view has to remember to keep them.
    """

    pending_field = "uploads"
    pending_kinds = (IMAGE, PDF)
    pending_single = False

    def _init_pending(self, user):
        self.pending_user = user
        self.pending_items: list[PendingUpload] = []
        self._restored = []
        self._kept_ids: set[int] = set()
        self._pending_cleaned = False
        if self.is_bound and user is not None and hasattr(self.data, "getlist"):
            for token in self.data.getlist(FIELD)[:20]:
                found = restore(user, token)
                if found:
                    self.pending_items.append(found[0])
                    self._restored.append(found[1])

    def restored_uploads(self) -> list:
        return list(self._restored)

    def restored_upload(self):
        """The kept file of a single-file field (the newest), or None."""
        return self._restored[-1] if self._restored else None

    def keep_pending(self) -> None:
        """Keep the newly chosen files of `pending_field` (each once) for the next post."""
        if self.pending_user is None or not self.pending_user.is_authenticated:
            return
        fresh = []
        for upload in self.files.getlist(self.pending_field) if self.files else []:
            if not upload or id(upload) in self._kept_ids:
                continue
            self._kept_ids.add(id(upload))
            item = keep(self.pending_user, upload, kinds=self.pending_kinds)
            if item:
                fresh.append(item)
        if self.pending_single and fresh:
            self.pending_items = fresh[-1:]  # the new choice replaces what was kept
        else:
            self.pending_items.extend(fresh)

    def full_clean(self):
        self._pending_cleaned = False
        super().full_clean()
        self._pending_cleaned = True
        if self.is_bound and self._errors:
            self.keep_pending()

    def add_error(self, field, error):
        super().add_error(field, error)
        if getattr(self, "_pending_cleaned", False):
            self.keep_pending()  # a service refused the save after the form was valid


class PendingNotice:
    """A crispy layout item: the form's kept files (templates/core/_pending_uploads.html), to
    place beside its file field in a `Layout(...)`."""

    def render(self, form, context=None, **kwargs):
        items = getattr(form, "pending_items", [])
        single = getattr(form, "pending_single", False)
        return render_to_string("core/_pending_uploads.html", {"items": items, "single": single})


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
