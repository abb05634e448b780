"""Kept uploads (apps.core.pending) expire: the daily sweep deletes the expired ones, files and
folders, keeps the fresh ones, and a second run deletes nothing more."""

import os
import time
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core import jobs, pending
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _png(name="a.png"):
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _age(item, seconds):
    old = time.time() - seconds
    path = pending._root() / pending.signing.loads(item.token, salt=pending.SALT)["p"]
    for p in (path, path.parent):
        os.utime(p, (old, old))
    return path


def test_expired_uploads_go_fresh_ones_stay_and_a_second_run_deletes_nothing(district_a):
    user = UserFactory(unit=district_a)
    expired = pending.keep(user, _png("old.png"))
    fresh = pending.keep(user, _png("new.png"))
    assert expired and fresh
    old_path = _age(expired, pending.PENDING_MAX_AGE + 60)
    assert jobs.run_job("core_pending_sweep", on=date(2026, 12, 2)) == 1
    assert not old_path.exists() and not old_path.parent.exists()
    assert pending.restore(user, fresh.token) is not None
    assert jobs.run_job("core_pending_sweep", on=date(2026, 12, 2)) == 0
    assert pending.restore(user, fresh.token) is not None


def test_an_empty_user_folder_goes_too(district_a):
    user = UserFactory(unit=district_a)
    item = pending.keep(user, _png())
    path = _age(item, pending.PENDING_MAX_AGE + 1)
    assert pending.pending_sweep(on=date(2026, 12, 2)) == 1
    assert not path.parent.parent.exists()


def test_nothing_kept_yet_is_no_error(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "none"
    assert pending.pending_sweep(on=date(2026, 12, 2)) == 0


def test_the_sweep_is_a_registered_daily_job():
    assert "core_pending_sweep" in {j.name for j in jobs.jobs(jobs.DAILY)}
