"""The rectification evidence form keeps a file chosen before a failed save (apps.core.pending):
the secretary writes the missing 整改情况 and submits without choosing the file again."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.branches.models import Rectification
from apps.core import pending

from .factories import RectificationFactory

TOKEN = re.compile(r'name="pending_uploads" value="([^"]+)"')


def _pdf(name="整改证明.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def test_evidence_file_survives_a_failed_save(client, secretary, branch, media):
    rect = RectificationFactory(branch=branch, owner=secretary)
    url = reverse("branches:rectification_detail", args=[rect.pk])
    client.force_login(secretary)
    failed = client.post(url, {"evidence": "", "upload": _pdf()})
    assert failed.status_code == 200
    page = failed.content.decode()
    assert "已选择：整改证明.pdf（已保留" in page
    rect.refresh_from_db()
    assert (rect.status, bool(rect.evidence_file)) == ("open", False)  # nothing saved

    saved = client.post(
        url, {"evidence": "已补齐会议记录", "pending_uploads": TOKEN.search(page).group(1)}
    )
    assert saved.status_code == 302
    rect.refresh_from_db()
    assert (rect.status, rect.evidence, rect.evidence_name) == (
        "submitted",
        "已补齐会议记录",
        "整改证明.pdf",
    )
    with rect.evidence_file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-1.4")


def test_an_unticked_kept_file_is_dropped(client, secretary, branch, media):
    rect = RectificationFactory(branch=branch, owner=secretary)
    url = reverse("branches:rectification_detail", args=[rect.pk])
    client.force_login(secretary)
    client.post(url, {"evidence": "", "upload": _pdf()})
    saved = client.post(url, {"evidence": "已补齐会议记录"})  # the tick box left unticked
    assert saved.status_code == 302
    rect.refresh_from_db()
    assert (rect.status, bool(rect.evidence_file)) == ("submitted", False)


def test_a_refused_file_is_not_kept(client, secretary, branch, media):
    rect = RectificationFactory(branch=branch, owner=secretary)
    client.force_login(secretary)
    fake = SimpleUploadedFile("证明.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(
        reverse("branches:rectification_detail", args=[rect.pk]),
        {"evidence": "已整改", "upload": fake},
    )
    assert response.status_code == 200
    assert "已保留" not in response.content.decode()
    assert Rectification.objects.get(pk=rect.pk).status == "open"


def test_another_users_token_brings_no_file(client, secretary, staff_a, branch, media):
    rect = RectificationFactory(branch=branch, owner=secretary)
    foreign = pending.keep(staff_a, _pdf())
    client.force_login(secretary)
    saved = client.post(
        reverse("branches:rectification_detail", args=[rect.pk]),
        {"evidence": "已补齐会议记录", "pending_uploads": foreign.token},
    )
    assert saved.status_code == 302
    rect.refresh_from_db()
    assert (rect.status, bool(rect.evidence_file)) == ("submitted", False)
