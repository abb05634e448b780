import threading
import uuid
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.branches.models import ActivityAttachment, Attendance, BranchActivity
from apps.branches.services import activity_record
from apps.branches.services.activities import AttendanceEntry

from .factories import BranchActivityFactory, MembershipFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post_data(members, **overrides):
    data = {
        "kind": "committee",
        "held_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "topic": "学习党的二十届四中全会精神",
        "place": "社区活动室",
        "content": "传达学习",
        "submit_token": str(uuid.uuid4()),
    }
    for m in members:
        data[f"att_{m.cadre_id}"] = "present"
        data[f"reason_{m.cadre_id}"] = ""
    data.update(overrides)
    return data


@pytest.fixture
def sec_client(client, secretary):
    client.force_login(secretary)
    return client


def test_secretary_records_an_activity_with_attendance(sec_client, branch, members):
    data = post_data(
        members,
        **{f"att_{members[0].cadre_id}": "excused", f"reason_{members[0].cadre_id}": "住院"},
    )
    response = sec_client.post(reverse("branches:activity_create", args=[branch.pk]), data)
    activity = BranchActivity.objects.get()
    assert response.url == reverse("branches:activity_detail", args=[activity.pk])
    statuses = dict(activity.attendance.values_list("cadre_id", "status"))
    assert statuses[members[0].cadre_id] == "excused"
    assert sorted(statuses.values()).count("present") == 2


def test_activity_dated_in_the_future_is_refused_and_nothing_saved(sec_client, branch, members):
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = sec_client.post(
        reverse("branches:activity_create", args=[branch.pk]), post_data(members, held_on=future)
    )
    assert "活动日期不能晚于今天" in response.content.decode()
    assert not BranchActivity.objects.exists() and not Attendance.objects.exists()


def test_activity_before_the_branch_was_founded_is_refused(sec_client, branch, members):
    branch.founded_on = date(2020, 5, 1)
    branch.save()
    response = sec_client.post(
        reverse("branches:activity_create", args=[branch.pk]),
        post_data(members, held_on="2020-04-30"),
    )
    assert "不能早于支部成立日期" in response.content.decode()
    assert not BranchActivity.objects.exists()


def test_attendance_for_a_non_member_is_refused_and_nothing_saved(
    sec_client, branch, members, other_branch
):
    stranger = MembershipFactory(branch=other_branch)
    data = post_data(members, **{f"att_{stranger.cadre_id}": "present"})
    response = sec_client.post(reverse("branches:activity_create", args=[branch.pk]), data)
    assert "非本支部党员" in response.content.decode()
    assert not BranchActivity.objects.exists() and not Attendance.objects.exists()


def test_service_refuses_attendance_of_someone_who_left_before_the_day(branch, secretary):
    gone = MembershipFactory(branch=branch, joined_on=date(2010, 1, 1), left_on=date(2025, 1, 1))
    with pytest.raises(Exception, match="非本支部党员"):
        activity_record(
            branch=branch,
            by=secretary,
            kind="committee",
            held_on=date(2025, 6, 1),
            topic="会",
            attendance=[AttendanceEntry(gone.cadre_id, "present")],
            submit_token=uuid.uuid4(),
        )
    assert not BranchActivity.objects.exists()


def test_absence_without_a_reason_is_refused(sec_client, branch, members):
    data = post_data(members, **{f"att_{members[0].cadre_id}": "absent"})
    response = sec_client.post(reverse("branches:activity_create", args=[branch.pk]), data)
    assert "缺席须填写原因" in response.content.decode()
    assert not BranchActivity.objects.exists()


def test_double_submission_creates_one_record(sec_client, branch, members):
    data = post_data(members)
    url = reverse("branches:activity_create", args=[branch.pk])
    first = sec_client.post(url, data)
    second = sec_client.post(url, data)
    assert BranchActivity.objects.count() == 1
    assert Attendance.objects.count() == 3
    assert first.url == second.url


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submission_creates_one_record(secretary, district_a):
    from .factories import PartyBranchFactory

    branch = PartyBranchFactory(unit=district_a, secretary=secretary)
    members = [MembershipFactory(branch=branch) for _ in range(2)]
    token = uuid.uuid4()
    barrier = threading.Barrier(2)
    results = []

    def submit():
        try:
            barrier.wait()
            results.append(
                activity_record(
                    branch=branch,
                    by=secretary,
                    kind="committee",
                    held_on=timezone.localdate(),
                    topic="支委会",
                    attendance=[AttendanceEntry(m.cadre_id, "present") for m in members],
                    submit_token=token,
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert BranchActivity.objects.count() == 1
    assert Attendance.objects.count() == 2
    assert sorted(created for _, created in results) == [False, True]


def test_secretary_edits_own_record_within_the_window(sec_client, branch, members, secretary):
    activity = BranchActivityFactory(branch=branch, recorded_by=secretary)
    data = post_data(members, topic="改过的主题")
    data.pop("submit_token")
    response = sec_client.post(reverse("branches:activity_edit", args=[activity.pk]), data)
    activity.refresh_from_db()
    assert response.status_code == 302
    assert activity.topic == "改过的主题"
    assert activity.attendance.count() == 3


def test_record_older_than_the_window_cannot_be_edited(sec_client, branch, members, secretary):
    activity = BranchActivityFactory(branch=branch, recorded_by=secretary)
    BranchActivity.objects.filter(pk=activity.pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    data = post_data(members, topic="改过的主题")
    sec_client.post(reverse("branches:activity_edit", args=[activity.pk]), data)
    activity.refresh_from_db()
    assert activity.topic != "改过的主题"


def test_edit_window_is_read_from_settings(settings, sec_client, branch, members, secretary):
    settings.BRANCH_ACTIVITY_EDIT_DAYS = 30
    activity = BranchActivityFactory(branch=branch, recorded_by=secretary)
    BranchActivity.objects.filter(pk=activity.pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    data = post_data(members, topic="改过的主题")
    sec_client.post(reverse("branches:activity_edit", args=[activity.pk]), data)
    activity.refresh_from_db()
    assert activity.topic == "改过的主题"


def test_someone_elses_record_cannot_be_withdrawn(sec_client, branch, staff_a):
    activity = BranchActivityFactory(branch=branch, recorded_by=staff_a)
    sec_client.post(reverse("branches:activity_withdraw", args=[activity.pk]), {"reason": "录错了"})
    assert BranchActivity.objects.filter(pk=activity.pk).exists()


def test_secretary_withdraws_own_record_which_is_kept(sec_client, branch, secretary):
    # Was "deletes own record": records of work done are now withdrawn (撤回), never deleted.
    activity = BranchActivityFactory(branch=branch, recorded_by=secretary)
    response = sec_client.post(
        reverse("branches:activity_withdraw", args=[activity.pk]), {"reason": "重复录入"}
    )
    assert response.url == reverse("branches:branch_detail", args=[branch.pk])
    assert not BranchActivity.objects.filter(pk=activity.pk).exists()
    kept = BranchActivity.all_objects.get(pk=activity.pk)
    assert (kept.withdrawn_by, kept.withdrawn_reason) == (secretary, "重复录入")


def test_pdf_minutes_are_stored_under_media_root(sec_client, branch, members, media):
    data = post_data(members)
    data["uploads"] = [SimpleUploadedFile("会议记录.pdf", PDF, content_type="application/pdf")]
    sec_client.post(reverse("branches:activity_create", args=[branch.pk]), data)
    attachment = ActivityAttachment.objects.get()
    assert attachment.file_type == "pdf"
    assert attachment.file.path.startswith(str(media))
    assert attachment.original_name == "会议记录.pdf"


def test_a_file_that_is_neither_image_nor_pdf_is_refused(sec_client, branch, members, media):
    data = post_data(members)
    data["uploads"] = [SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")]
    response = sec_client.post(reverse("branches:activity_create", args=[branch.pk]), data)
    assert "不是图片" in response.content.decode()
    assert not BranchActivity.objects.exists() and not ActivityAttachment.objects.exists()


def test_an_oversized_file_is_refused(settings, sec_client, branch, members, media):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    data = post_data(members)
    big = PDF + b"0" * (1024 * 1024)
    data["uploads"] = [SimpleUploadedFile("big.pdf", big, "application/pdf")]
    response = sec_client.post(reverse("branches:activity_create", args=[branch.pk]), data)
    assert "超过 1 MB" in response.content.decode()
    assert not BranchActivity.objects.exists()


def test_image_attachment_is_served_to_the_secretary(sec_client, branch, members, media):
    from io import BytesIO

    from PIL import Image

    buf = BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, "PNG")
    data = post_data(members)
    data["uploads"] = [SimpleUploadedFile("photo.png", buf.getvalue(), "image/png")]
    sec_client.post(reverse("branches:activity_create", args=[branch.pk]), data)
    attachment = ActivityAttachment.objects.get()
    response = sec_client.get(reverse("branches:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == buf.getvalue()


def test_secretary_deletes_an_attachment_of_own_record(sec_client, branch, members, media):
    data = post_data(members)
    data["uploads"] = [SimpleUploadedFile("会议记录.pdf", PDF, content_type="application/pdf")]
    sec_client.post(reverse("branches:activity_create", args=[branch.pk]), data)
    attachment = ActivityAttachment.objects.get()
    sec_client.post(reverse("branches:attachment_delete", args=[attachment.pk]))
    assert not ActivityAttachment.objects.exists()
    assert BranchActivity.objects.count() == 1
