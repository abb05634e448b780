"""One upload check for every app, and one safe way of serving what is stored."""

import uuid
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from apps.branches.models import ActivityAttachment, BranchActivity, Rectification
from apps.core.uploads import IMAGE, PDF, content_disposition, safe_filename, verify_upload
from apps.publicity.models import Article, Category
from apps.volunteers.models import ActivityPhoto, VolunteerActivity
from tests.branches.factories import (
    BranchActivityFactory,
    MembershipFactory,
    PartyBranchFactory,
    RectificationFactory,
)
from tests.publicity.factories import PublishedArticleFactory
from tests.volunteers.factories import ActivityFactory, field_named, team_with_members

pytestmark = pytest.mark.django_db

REAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"xref\n0 3\n0000000000 65535 f \ntrailer<</Size 3/Root 1 0 R>>\nstartxref\n9\n%%EOF\n"
)
HTML_POLYGLOT = b"%PDF-1.4\n<html><body><script>fetch('/cadres/')</script></body></html>\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"/>'
JS = b"/*GIF89a*/ fetch('/cadres/export/').then(r => r.text()).then(t => navigator.sendBeacon(t))"


def png(size=(8, 8)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A 20000×20000 PNG that weighs about 48 KB and decodes to 400 million pixels."""
    out = BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG", optimize=True)
    assert len(out.getvalue()) < 100 * 1024
    return out.getvalue()


BAD = {
    "pdf_html_polyglot_named_html": ("x.html", HTML_POLYGLOT),
    "pdf_html_polyglot_named_pdf": ("x.pdf", HTML_POLYGLOT),
    "svg": ("logo.svg", SVG),
    "svg_named_png": ("logo.png", SVG),
    "js": ("a.js", JS),
    "js_named_gif": ("a.gif", JS),
}


def _bad_file(key, bomb):
    if key == "bomb":
        return "bomb.png", bomb
    return BAD[key]


BAD_KEYS = [*BAD, "bomb"]


# --- the check itself ---------------------------------------------------------------------


@pytest.mark.parametrize("key", BAD_KEYS)
@pytest.mark.parametrize("kinds", [(IMAGE, PDF), (IMAGE,)])
def test_the_upload_check_refuses_planted_content_in_chinese(key, kinds, bomb):
    name, content = _bad_file(key, bomb)
    with pytest.raises(ValidationError) as error:
        verify_upload(SimpleUploadedFile(name, content), kinds=kinds)
    message = " ".join(error.value.messages)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_a_decompression_bomb_is_refused_for_its_pixels_not_with_an_error(bomb):
    with pytest.raises(ValidationError) as error:
        verify_upload(SimpleUploadedFile("bomb.png", bomb), kinds=(IMAGE,))
    assert "像素过多" in error.value.messages[0]


def test_an_image_just_over_the_pixel_cap_is_refused_even_below_pillows_own_limit():
    from apps.core import uploads

    with pytest.raises(ValidationError, match="像素过多"):
        verify_upload(SimpleUploadedFile("wide.png", png((uploads.MAX_PIXELS // 100 + 1, 100))))


def test_an_oversized_file_is_refused_with_the_limit_in_megabytes(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match="超过 1 MB"):
        verify_upload(SimpleUploadedFile("big.pdf", REAL_PDF + b"0" * (1024 * 1024)))


def test_real_images_and_pdfs_are_accepted_with_the_type_their_content_has():
    assert verify_upload(SimpleUploadedFile("scan.pdf", REAL_PDF)).content_type == "application/pdf"
    verified = verify_upload(SimpleUploadedFile("photo.jpg", png()), kinds=(IMAGE,))
    assert (verified.kind, verified.content_type) == ("image", "image/png")


def test_a_photo_carrying_xmp_metadata_up_front_is_still_a_photo():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("XML:com.adobe.xmp", '<?xml version="1.0"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/>')
    out = BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG", pnginfo=info)
    assert b"<?xml" in out.getvalue()[:200]
    assert verify_upload(SimpleUploadedFile("p.png", out.getvalue())).content_type == "image/png"


def test_a_pdf_is_refused_where_only_images_are_accepted():
    with pytest.raises(ValidationError, match="不是有效的图片文件"):
        verify_upload(SimpleUploadedFile("scan", REAL_PDF), kinds=(IMAGE,))


def test_the_download_name_has_no_path_and_ends_in_the_verified_type():
    assert safe_filename('../../etc/"x".html', ".pdf") == "x.pdf"
    assert safe_filename("整改\r\n证明.PDF", ".pdf") == "整改证明.pdf"
    header = content_disposition("整改证明.pdf")
    assert header.startswith('attachment; filename="')
    assert "filename*=UTF-8''%E6%95%B4%E6%94%B9%E8%AF%81%E6%98%8E.pdf" in header


# --- every app's upload form refuses the same things and saves nothing ----------------------


@pytest.fixture
def branch(secretary, district_a):
    return PartyBranchFactory(unit=district_a, secretary=secretary)


def _refuse_publicity_cover(client, ctx, name, content):
    client.force_login(ctx["staff_a"])
    response = client.post(
        reverse("publicity:manage_create"),
        {
            "title": "带封面的新闻",
            "category": Category.WORK,
            "source_unit": ctx["staff_a"].unit.pk,
            "summary": "",
            "body": "<p>x</p>",
            "cover": SimpleUploadedFile(name, content),
        },
    )
    return response, not Article.objects.exists()


def _refuse_rectification_evidence(client, ctx, name, content):
    rect = RectificationFactory(branch=ctx["branch"], owner=ctx["secretary"])
    client.force_login(ctx["secretary"])
    response = client.post(
        reverse("branches:rectification_detail", args=[rect.pk]),
        {"evidence": "已整改", "upload": SimpleUploadedFile(name, content)},
    )
    rect.refresh_from_db()
    return response, not rect.evidence_file and rect.status != Rectification.Status.SUBMITTED


def _refuse_activity_attachment(client, ctx, name, content):
    member = MembershipFactory(branch=ctx["branch"])
    client.force_login(ctx["secretary"])
    response = client.post(
        reverse("branches:activity_create", args=[ctx["branch"].pk]),
        {
            "kind": "committee",
            "held_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "topic": "学习",
            "place": "活动室",
            "content": "传达学习",
            "submit_token": str(uuid.uuid4()),
            f"att_{member.cadre_id}": "present",
            "uploads": [SimpleUploadedFile(name, content)],
        },
    )
    saved = BranchActivity.objects.exists() or ActivityAttachment.objects.exists()
    return response, not saved


def _refuse_volunteer_photo(client, ctx, name, content):
    team, members = team_with_members(ctx["district_a"], leader=ctx["team_leader"], n=1)
    client.force_login(ctx["team_leader"])
    data = {
        "team": team.pk,
        "title": "敬老院义诊",
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "place": "社会福利院",
        "field": field_named("科技文化卫生").pk,
        "beneficiaries": "40",
        "default_hours": "2",
        "photos": [SimpleUploadedFile(name, content)],
    }
    for member in members:
        data[f"p_{member.pk}"] = "on"
        data[f"h_{member.pk}"] = "2"
    response = client.post(reverse("volunteers:activity_new"), data)
    return response, not VolunteerActivity.objects.exists() and not ActivityPhoto.objects.exists()


ENTRY_POINTS = {
    "publicity_cover": (_refuse_publicity_cover, (IMAGE,), "图片"),
    "rectification_evidence": (_refuse_rectification_evidence, (IMAGE, PDF), "文件"),
    "activity_attachment": (_refuse_activity_attachment, (IMAGE, PDF), "文件"),
    "volunteer_photo": (_refuse_volunteer_photo, (IMAGE,), "照片"),
}


@pytest.fixture
def ctx(staff_a, secretary, team_leader, district_a, branch):
    return {
        "staff_a": staff_a,
        "secretary": secretary,
        "team_leader": team_leader,
        "district_a": district_a,
        "branch": branch,
    }


@pytest.mark.parametrize("key", [*BAD_KEYS, "oversize"])
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_every_upload_form_refuses_bad_files_in_chinese_and_saves_nothing(
    client, ctx, settings, entry, key, bomb
):
    if key == "oversize":
        settings.UPLOAD_MAX_BYTES = 64
        name, content = "big.png", png((64, 64))
    else:
        name, content = _bad_file(key, bomb)
    submit, kinds, noun = ENTRY_POINTS[entry]
    with pytest.raises(ValidationError) as error:
        verify_upload(SimpleUploadedFile(name, content), kinds=kinds, noun=noun)
    response, nothing_saved = submit(client, ctx, name, content)
    assert response.status_code == 200
    assert error.value.messages[0] in response.content.decode()
    assert nothing_saved


# --- serving: what is stored is served by what it is, never by its name ---------------------


def _assert_served_as_download(response, *, not_type="text/html"):
    assert response.status_code == 200
    assert response["Content-Type"] in ("application/octet-stream", "application/pdf")
    assert not response["Content-Type"].startswith(not_type)
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".html" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_planted_html_evidence_is_served_as_a_download_never_as_a_page(client, secretary, branch):
    rect = RectificationFactory(branch=branch, owner=secretary, evidence_name="x.html")
    rect.evidence_file.save("x.html", ContentFile(HTML_POLYGLOT), save=True)
    client.force_login(secretary)
    response = client.get(reverse("branches:rectification_evidence", args=[rect.pk]))
    _assert_served_as_download(response)
    assert response["Content-Type"] == "application/octet-stream"
    assert 'filename="x.bin"' in response["Content-Disposition"]


def test_a_stored_pdf_is_served_as_an_attachment_with_its_chinese_name(client, secretary, branch):
    rect = RectificationFactory(branch=branch, owner=secretary, evidence_name="整改证明.pdf")
    rect.evidence_file.save("e.pdf", ContentFile(REAL_PDF), save=True)
    client.force_login(secretary)
    response = client.get(reverse("branches:rectification_evidence", args=[rect.pk]))
    _assert_served_as_download(response)
    assert response["Content-Type"] == "application/pdf"
    assert (
        "filename*=UTF-8''%E6%95%B4%E6%94%B9%E8%AF%81%E6%98%8E.pdf"
        in (response["Content-Disposition"])
    )
    assert b"".join(response.streaming_content) == REAL_PDF


def test_a_planted_svg_attachment_recorded_as_an_image_is_served_as_a_download(
    client, secretary, branch
):
    activity = BranchActivityFactory(branch=branch, recorded_by=secretary)
    attachment = ActivityAttachment(
        activity=activity,
        file_type="image",
        content_type="image/svg+xml",
        original_name="logo.svg",
        size=len(SVG),
        uploaded_by=secretary,
    )
    attachment.file.save("logo.svg", ContentFile(SVG), save=True)
    client.force_login(secretary)
    response = client.get(reverse("branches:attachment", args=[attachment.pk]))
    _assert_served_as_download(response, not_type="image/svg")
    assert response["Content-Type"] == "application/octet-stream"


def test_a_real_image_attachment_is_shown_inline_with_its_own_type(client, secretary, branch):
    activity = BranchActivityFactory(branch=branch, recorded_by=secretary)
    attachment = ActivityAttachment(
        activity=activity,
        file_type="image",
        content_type="text/html",
        original_name="page.html",
        size=10,
        uploaded_by=secretary,
    )
    attachment.file.save("a.img", ContentFile(png()), save=True)
    client.force_login(secretary)
    response = client.get(reverse("branches:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith('inline; filename="page.png"')
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_planted_script_photo_is_served_as_a_download(client, team_leader, district_a):
    team, _ = team_with_members(district_a, leader=team_leader, n=1)
    photo = ActivityPhoto(activity=ActivityFactory(team=team), content_type="text/html")
    photo.image.save("p.html", ContentFile(JS), save=True)
    client.force_login(team_leader)
    response = client.get(reverse("volunteers:photo", args=[photo.pk]))
    _assert_served_as_download(response)


def test_a_planted_svg_cover_of_a_published_article_is_served_as_a_download(client, db):
    article = PublishedArticleFactory()
    article.cover.save("c.svg", ContentFile(SVG), save=True)
    response = client.get(reverse("publicity:article_cover", args=[article.pk]))
    _assert_served_as_download(response, not_type="image/svg")


def test_a_missing_stored_file_is_404_not_an_error(client, secretary, branch):
    rect = RectificationFactory(branch=branch, owner=secretary)
    Rectification.objects.filter(pk=rect.pk).update(evidence_file="gone/e.pdf")
    client.force_login(secretary)
    response = client.get(reverse("branches:rectification_evidence", args=[rect.pk]))
    assert response.status_code == 404


def test_the_admin_cannot_store_evidence_past_the_upload_check(client, secretary, branch):
    from tests.factories import UserFactory

    admin_user = UserFactory(is_staff=True, is_superuser=True, unit=branch.unit)
    rect = RectificationFactory(branch=branch, owner=secretary)
    client.force_login(admin_user)
    response = client.get(reverse("admin:branches_rectification_change", args=[rect.pk]))
    assert response.status_code == 200
    assert 'name="evidence_file"' not in response.content.decode()
