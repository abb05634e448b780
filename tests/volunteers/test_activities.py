from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from apps.branches.models import Membership, PartyBranch
from apps.notifications.models import Reminder
from apps.volunteers import services
from apps.volunteers.models import ActivityPhoto, ServiceRecord, VolunteerActivity

from .factories import field_named

pytestmark = pytest.mark.django_db


def _png(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _record(team, by, participants, **overrides):
    data = {
        "team": team,
        "title": "政策宣讲进社区",
        "date": timezone.localdate() - timedelta(days=1),
        "place": "人民路社区",
        "field": field_named(),
        "beneficiaries": 30,
        "participants": participants,
        "by": by,
    }
    data.update(overrides)
    return services.activity_record(**data)


def _post_data(team, members, hours="2", **overrides):
    data = {
        "team": team.pk,
        "title": "敬老院义诊",
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "place": "社会福利院",
        "field": field_named("科技文化卫生").pk,
        "beneficiaries": "40",
        "default_hours": "2",
    }
    for member in members:
        data[f"p_{member.pk}"] = "on"
        data[f"h_{member.pk}"] = hours
    data.update(overrides)
    return data


def test_team_leader_records_an_activity_with_pending_hours(team_leader, team_a):
    team, members = team_a
    activity = _record(team, team_leader, [(m, Decimal("2.5")) for m in members])
    statuses = set(activity.records.values_list("status", flat=True))
    assert statuses == {ServiceRecord.Status.PENDING}
    assert activity.records.count() == 3


def test_an_activity_dated_in_the_future_is_refused_and_nothing_saved(team_leader, team_a):
    team, members = team_a
    with pytest.raises(ValidationError, match="不能晚于今天"):
        _record(
            team,
            team_leader,
            [(members[0], Decimal("2"))],
            date=timezone.localdate() + timedelta(days=1),
        )
    assert not VolunteerActivity.objects.exists()


@pytest.mark.parametrize("hours", ["0", "-1", "24.5"])
def test_hours_outside_zero_to_twenty_four_are_refused(team_leader, team_a, hours):
    team, members = team_a
    with pytest.raises(ValidationError, match="大于 0 且不超过 24"):
        _record(team, team_leader, [(members[0], Decimal(hours))])
    assert not ServiceRecord.objects.exists()


def test_a_duplicate_participant_is_refused(team_leader, team_a):
    team, members = team_a
    with pytest.raises(ValidationError, match="重复登记"):
        _record(team, team_leader, [(members[0], Decimal("2")), (members[0], Decimal("3"))])
    assert not VolunteerActivity.objects.exists()


def test_a_participant_from_another_team_is_refused_without_permission(
    district_a, team_leader, team_a
):
    from .factories import team_with_members

    team, members = team_a
    _, others = team_with_members(district_a, leader=team_leader, n=1)
    with pytest.raises(ValidationError, match="不是“.*”的队员"):
        _record(team, team_leader, [(members[0], Decimal("2")), (others[0], Decimal("2"))])
    assert not VolunteerActivity.objects.exists()


def test_staff_with_the_cross_team_permission_may_add_another_teams_volunteer(
    district_a, staff_a, team_a
):
    from .factories import team_with_members

    team, members = team_a
    _, others = team_with_members(district_a, n=1)
    activity = _record(team, staff_a, [(members[0], Decimal("2")), (others[0], Decimal("2"))])
    assert activity.records.count() == 2


def test_leadership_may_not_record_activities(leader_a, team_a):
    team, members = team_a
    with pytest.raises(PermissionDenied):
        _record(team, leader_a, [(members[0], Decimal("2"))])


def test_secretary_records_hours_for_their_branch_members_in_a_team(district_a, secretary, team_a):
    team, members = team_a
    branch = PartyBranch.objects.create(name="第二支部", unit=district_a, secretary=secretary)
    for member in members[:2]:
        Membership.objects.create(cadre=member.cadre, branch=branch, joined_on="2020-01-01")
    activity = _record(team, secretary, [(m, Decimal("2")) for m in members[:2]])
    assert activity.records.count() == 2


def test_secretary_may_not_record_hours_for_someone_outside_their_branch(
    district_a, secretary, team_a
):
    team, members = team_a
    branch = PartyBranch.objects.create(name="第三支部", unit=district_a, secretary=secretary)
    Membership.objects.create(cadre=members[0].cadre, branch=branch, joined_on="2020-01-01")
    with pytest.raises(ValidationError, match="无权登记"):
        _record(team, secretary, [(members[0], Decimal("2")), (members[1], Decimal("2"))])
    assert not VolunteerActivity.objects.exists()


def test_recording_reminds_the_team_leader_when_someone_else_recorded(
    staff_a, team_a, team_leader, django_capture_on_commit_callbacks
):
    team, members = team_a
    with django_capture_on_commit_callbacks(execute=True):
        activity = _record(team, staff_a, [(members[0], Decimal("2"))])
    reminder = Reminder.objects.get(recipient=team_leader)
    assert reminder.key == f"volunteer_hours:{activity.pk}"


def test_activity_page_records_everyone_marked_present(client, team_leader, team_a):
    team, members = team_a
    client.force_login(team_leader)
    response = client.post(reverse("volunteers:activity_new"), _post_data(team, members))
    activity = VolunteerActivity.objects.get()
    assert response.url == reverse("volunteers:activity_detail", args=[activity.pk])
    assert sorted(activity.records.values_list("hours", flat=True)) == [Decimal("2")] * 3


def test_activity_page_uses_default_hours_when_a_present_member_has_none(
    client, team_leader, team_a
):
    team, members = team_a
    data = _post_data(team, members[:1], hours="", default_hours="3.5")
    client.force_login(team_leader)
    client.post(reverse("volunteers:activity_new"), data)
    assert ServiceRecord.objects.get().hours == Decimal("3.5")


def test_activity_page_shows_a_clear_error_for_25_hours_and_saves_nothing(
    client, team_leader, team_a
):
    team, members = team_a
    client.force_login(team_leader)
    response = client.post(reverse("volunteers:activity_new"), _post_data(team, members, "25"))
    assert "不超过 24 小时" in response.content.decode()
    assert not VolunteerActivity.objects.exists()


def test_activity_page_refuses_a_future_date(client, team_leader, team_a):
    team, members = team_a
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    client.force_login(team_leader)
    response = client.post(
        reverse("volunteers:activity_new"), _post_data(team, members, date=tomorrow)
    )
    assert "活动日期不能晚于今天" in response.content.decode()
    assert not VolunteerActivity.objects.exists()


def test_activity_page_refuses_no_participants(client, team_leader, team_a):
    team, _ = team_a
    client.force_login(team_leader)
    response = client.post(reverse("volunteers:activity_new"), _post_data(team, []))
    assert "请至少勾选一名" in response.content.decode()


def test_activity_page_refuses_another_teams_volunteer_for_a_team_leader(
    client, district_a, team_leader, team_a
):
    from .factories import team_with_members

    team, members = team_a
    _, others = team_with_members(district_a, leader=team_leader, n=1)
    client.force_login(team_leader)
    data = _post_data(team, members, extra_volunteers=[others[0].pk])
    response = client.post(reverse("volunteers:activity_new"), data)
    assert "的队员，无权登记" in response.content.decode()
    assert not VolunteerActivity.objects.exists()


def test_activity_page_for_another_teams_team_is_404(client, team_leader, team_a, team_b):
    client.force_login(team_leader)
    response = client.get(reverse("volunteers:activity_new") + f"?team={team_b[0].pk}")
    assert response.status_code == 404


def test_photos_are_stored_and_served_to_the_team_leader(client, team_leader, team_a):
    team, members = team_a
    client.force_login(team_leader)
    data = _post_data(team, members, photos=[_png("a.png"), _png("b.png")])
    client.post(reverse("volunteers:activity_new"), data)
    photo = ActivityPhoto.objects.first()
    assert ActivityPhoto.objects.count() == 2
    response = client.get(reverse("volunteers:photo", args=[photo.pk]))
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_a_file_that_is_not_an_image_is_refused_and_nothing_saved(client, team_leader, team_a):
    team, members = team_a
    fake = SimpleUploadedFile("x.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    client.force_login(team_leader)
    response = client.post(
        reverse("volunteers:activity_new"), _post_data(team, members, photos=[fake])
    )
    assert "不是有效的图片文件" in response.content.decode()
    assert not VolunteerActivity.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(settings, team_leader, team_a):
    settings.UPLOAD_MAX_BYTES = 10
    team, members = team_a
    with pytest.raises(ValidationError, match="超过"):
        _record(team, team_leader, [(members[0], Decimal("2"))], photos=[_png()])
    assert not VolunteerActivity.objects.exists()


def test_another_teams_leader_gets_404_for_a_photo(client, district_b, team_leader, team_a):
    from tests.factories import UserFactory

    team, members = team_a
    activity = _record(team, team_leader, [(members[0], Decimal("2"))], photos=[_png()])
    other = UserFactory(role="team_leader", unit=district_b)
    client.force_login(other)
    response = client.get(reverse("volunteers:photo", args=[activity.photos.get().pk]))
    assert response.status_code == 404


def test_leadership_gets_403_on_the_record_activity_page(client, leader_a, team_a):
    client.force_login(leader_a)
    assert client.get(reverse("volunteers:activity_new")).status_code == 403


def test_an_inactive_volunteer_cannot_be_given_hours(team_leader, team_a):
    team, members = team_a
    members[0].status = "inactive"
    members[0].save(update_fields=["status"])
    with pytest.raises(ValidationError, match="已停用"):
        _record(team, team_leader, [(members[0], Decimal("2"))])
    assert not VolunteerActivity.objects.exists()


def test_hours_of_one_volunteer_may_not_exceed_24_across_a_days_activities(team_leader, team_a):
    team, members = team_a
    day = timezone.localdate() - timedelta(days=2)
    _record(team, team_leader, [(members[0], Decimal("20"))], date=day)
    with pytest.raises(ValidationError, match="超过一天 24 小时"):
        _record(team, team_leader, [(members[0], Decimal("5"))], date=day, title="下午场")
    assert VolunteerActivity.objects.count() == 1


def test_rejected_hours_do_not_count_towards_the_days_limit(team_leader, team_a):
    team, members = team_a
    day = timezone.localdate() - timedelta(days=2)
    first = _record(team, team_leader, [(members[0], Decimal("20"))], date=day)
    services.record_reject(record=first.records.get(), reason="时长填错", by=team_leader)
    second = _record(team, team_leader, [(members[0], Decimal("5"))], date=day, title="补登")
    assert second.records.get().hours == Decimal("5")


def test_a_leader_of_two_teams_first_chooses_the_team(client, district_a, team_leader, team_a):
    from .factories import team_with_members

    second, _ = team_with_members(district_a, leader=team_leader, n=1)
    client.force_login(team_leader)
    response = client.get(reverse("volunteers:activity_new"))
    choices = set(response.context["form"].fields["team"].queryset)
    assert choices == {team_a[0], second}
