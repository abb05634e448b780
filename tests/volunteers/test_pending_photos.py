"""The volunteer activity form keeps photos chosen before a failed save (apps.core.pending): the
team leader fixes the error and saves without choosing the photo again."""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from apps.volunteers.models import ActivityPhoto, VolunteerActivity
from tests.volunteers.factories import field_named, team_with_members

pytestmark = pytest.mark.django_db


def _photo():
    out = BytesIO()
    Image.new("RGB", (8, 6), "red").save(out, "PNG")
    return SimpleUploadedFile("活动照片.png", out.getvalue(), content_type="image/png")


def test_a_photo_survives_a_failed_save(client, team_leader, district_a):
    team, (member,) = team_with_members(district_a, leader=team_leader, n=1)
    data = {
        "team": team.pk,
        "title": "",  # missing: the save fails
        "date": timezone.localdate().isoformat(),
        "place": "人民路社区",
        "field": field_named("政策宣讲").pk,
        "beneficiaries": "30",
        "default_hours": "2",
        f"p_{member.pk}": "on",
    }
    client.force_login(team_leader)
    failed = client.post(reverse("volunteers:activity_new"), {**data, "photos": [_photo()]})
    assert failed.status_code == 200
    page = failed.content.decode()
    assert "已选择：活动照片.png（已保留" in page
    token = re.search(r'name="pending_uploads" value="([^"]+)"', page).group(1)
    assert not VolunteerActivity.objects.exists()
    saved = client.post(
        reverse("volunteers:activity_new"),
        {**data, "title": "政策宣讲进社区", "pending_uploads": token},
    )
    assert saved.status_code == 302
    activity = VolunteerActivity.objects.get()
    assert ActivityPhoto.objects.filter(activity=activity).count() == 1


def test_another_users_token_brings_nothing(client, team_leader, district_a, secretary):
    from apps.core import pending

    team, (member,) = team_with_members(district_a, leader=team_leader, n=1)
    foreign = pending.keep(secretary, _photo())
    client.force_login(team_leader)
    response = client.post(
        reverse("volunteers:activity_new"),
        {
            "team": team.pk,
            "title": "政策宣讲进社区",
            "date": timezone.localdate().isoformat(),
            "place": "人民路社区",
            "field": field_named("政策宣讲").pk,
            "beneficiaries": "30",
            "default_hours": "2",
            f"p_{member.pk}": "on",
            "pending_uploads": foreign.token,
        },
    )
    assert response.status_code == 302
    assert not ActivityPhoto.objects.exists()
