import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.cadres.models import Cadre
from apps.cadres.signals import event_missed
from apps.events import services
from apps.events.models import Event, Invitation
from apps.notifications.models import Reminder
from apps.visits.models import Visit
from tests.cadreside.factories import cadre_user, family_user
from tests.factories import CadreFactory, OrgUnitFactory

from .factories import EventFactory, InvitationFactory, at

pytestmark = pytest.mark.django_db


def _today_event(unit, **extra):
    start = timezone.localtime().replace(hour=0, minute=1, second=0, microsecond=0)
    return EventFactory(
        unit=unit, starts_at=start, ends_at=start + timezone.timedelta(hours=23), **extra
    )


# --- inviting a group ---------------------------------------------------------------------------
def test_inviting_reaches_the_living_cadres_of_the_events_unit_and_twice_invites_nobody_twice(
    staff_a, district_a, district_b
):
    street = OrgUnitFactory(parent=district_a, kind="street")
    inside = CadreFactory.create_batch(2, unit=district_a) + [CadreFactory(unit=street)]
    CadreFactory(unit=district_a, status=Cadre.Status.DECEASED, deceased_on=timezone.localdate())
    CadreFactory(unit=district_b)
    event = EventFactory(unit=district_a)
    everyone = Cadre.objects.visible_to(staff_a)
    assert services.invite_group(event=event, cadres=everyone, filters={}, by=staff_a) == 3
    assert services.invite_group(event=event, cadres=everyone, filters={}, by=staff_a) == 0
    assert set(event.invitations.values_list("cadre", flat=True)) == {c.pk for c in inside}
    event.refresh_from_db()
    assert [entry["new"] for entry in event.group_filters] == [3, 0]


def _invite(client, event, **data):
    return client.post(
        reverse("events:event_invite", args=[event.pk]), {"action": "invite", **data}
    )


def test_the_invite_page_filters_by_age_kind_and_party_membership(client, staff_a, district_a):
    today = timezone.localdate()
    old_party = CadreFactory(
        unit=district_a,
        birth_date=today.replace(year=today.year - 85),
        political_status=Cadre.Political.CPC,
        retirement_kind=Cadre.RetirementKind.LIXIU,
    )
    CadreFactory(  # too young
        unit=district_a,
        birth_date=today.replace(year=today.year - 70),
        political_status=Cadre.Political.CPC,
        retirement_kind=Cadre.RetirementKind.LIXIU,
    )
    CadreFactory(  # not a party member
        unit=district_a,
        birth_date=today.replace(year=today.year - 85),
        retirement_kind=Cadre.RetirementKind.LIXIU,
    )
    event = EventFactory(unit=district_a)
    client.force_login(staff_a)
    response = _invite(
        client,
        event,
        min_age="80",
        **{"f-political_status": Cadre.Political.CPC, "f-retirement_kind": "lixiu"},
    )
    assert response.status_code == 302
    assert list(event.invitations.values_list("cadre", flat=True)) == [old_party.pk]


def test_the_preview_counts_without_inviting(client, staff_a, district_a):
    CadreFactory.create_batch(3, unit=district_a)
    event = EventFactory(unit=district_a)
    client.force_login(staff_a)
    response = client.post(reverse("events:event_invite", args=[event.pk]), {"action": "preview"})
    assert response.context["preview"]["count"] == 3
    assert not event.invitations.exists()


def test_a_bad_age_is_explained_and_invites_nobody(client, staff_a, district_a):
    CadreFactory(unit=district_a)
    event = EventFactory(unit=district_a)
    client.force_login(staff_a)
    response = _invite(client, event, min_age="二百")
    assert response.status_code == 200
    assert "保存未成功" in response.content.decode() or "整数" in response.content.decode()
    assert not event.invitations.exists()


def test_leadership_may_read_an_event_but_not_invite(client, leader_a, district_a):
    event = EventFactory(unit=district_a)
    client.force_login(leader_a)
    assert client.get(reverse("events:event_detail", args=[event.pk])).status_code == 200
    assert _invite(client, event).status_code == 403


def test_another_districts_event_is_a_404(client, staff_b, district_a):
    event = EventFactory(unit=district_a)
    client.force_login(staff_b)
    assert client.get(reverse("events:event_detail", args=[event.pk])).status_code == 404
    assert _invite(client, event).status_code == 404


def test_an_event_ending_before_it_starts_is_refused_with_a_message(client, staff_a, district_a):
    client.force_login(staff_a)
    day = timezone.localdate() + timezone.timedelta(days=5)
    response = client.post(
        reverse("events:event_create"),
        {
            "title": "团拜会",
            "kind": "new_year",
            "unit": district_a.pk,
            "day": f"{day:%Y-%m-%d}",
            "start": "10:00",
            "end": "09:00",
            "place": "老干部活动中心",
        },
    )
    assert response.status_code == 200
    assert "结束时间应晚于开始时间" in response.content.decode()
    assert not Event.objects.exists()


# --- replies ------------------------------------------------------------------------------------
def test_a_cadre_answers_their_own_invitation_from_the_cadre_side(client, district_a):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    invitation = InvitationFactory(event__unit=district_a, cadre=cadre)
    client.force_login(user)
    page = client.get(reverse("events:my_events"))
    assert list(page.context["invitations"]) == [invitation]
    response = client.post(
        reverse("events:my_invitation", args=[invitation.pk]), {"response": "yes"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.response, invitation.response_via, invitation.responded_by) == (
        "yes",
        "self",
        user,
    )


def test_a_cadre_gets_a_404_for_someone_elses_invitation(client, district_a):
    user, _cadre = cadre_user(CadreFactory(unit=district_a))
    other = InvitationFactory(event__unit=district_a, cadre__unit=district_a)
    client.force_login(user)
    url = reverse("events:my_invitation", args=[other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"response": "no"}).status_code == 404
    other.refresh_from_db()
    assert other.response == "pending"


def test_a_family_proxy_answers_on_behalf_and_it_is_recorded(client, district_a):
    cadre = CadreFactory(unit=district_a)
    user, _grant = family_user(cadre)
    invitation = InvitationFactory(event__unit=district_a, cadre=cadre)
    client.force_login(user)
    client.post(
        reverse("events:my_invitation", args=[invitation.pk]),
        {"response": "no", "note": "父亲住院，不能参加"},
    )
    invitation.refresh_from_db()
    assert (invitation.response, invitation.response_via, invitation.responded_by) == (
        "no",
        "proxy",
        user,
    )
    assert invitation.response_note == "父亲住院，不能参加"


def test_staff_record_a_reply_after_a_phone_call(client, staff_a, district_a):
    invitation = InvitationFactory(event__unit=district_a, cadre__unit=district_a)
    client.force_login(staff_a)
    client.post(
        reverse("events:invitation_respond", args=[invitation.pk]),
        {"response": "yes", "via": "phone", "note": "女儿陪同"},
    )
    invitation.refresh_from_db()
    assert (invitation.response, invitation.response_via, invitation.responded_by) == (
        "yes",
        "phone",
        staff_a,
    )


def test_a_reply_to_a_cancelled_event_is_refused(staff_a, district_a):
    invitation = InvitationFactory(event__unit=district_a, event__status=Event.Status.CANCELLED)
    with pytest.raises(ValidationError, match="不能再修改回复"):
        services.invitation_respond(invitation=invitation, response="yes", via="phone", by=staff_a)


def test_staff_pages_are_closed_to_the_cadre_side(client, district_a):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    invitation = InvitationFactory(event__unit=district_a, cadre=cadre)
    client.force_login(user)
    assert client.get(reverse("events:event_detail", args=[invitation.event.pk])).status_code == 403
    url = reverse("events:checkin", args=[invitation.token])
    assert client.post(url).status_code == 403
    invitation.refresh_from_db()
    assert invitation.checked_in_at is None


# --- sign-in ------------------------------------------------------------------------------------
def test_scanning_twice_signs_in_once(client, staff_a, district_a):
    invitation = InvitationFactory(event=_today_event(district_a), cadre__unit=district_a)
    client.force_login(staff_a)
    url = reverse("events:checkin", args=[invitation.token])
    assert "确认签到" in client.get(url).content.decode()
    client.post(url)
    invitation.refresh_from_db()
    first = invitation.checked_in_at
    second = client.post(url, follow=True)
    invitation.refresh_from_db()
    assert first is not None and invitation.checked_in_at == first
    assert "无需重复签到" in second.content.decode()
    assert invitation.history.filter(checked_in_at__isnull=False).count() == 1


def test_sign_in_is_refused_on_another_day(staff_a, district_a):
    invitation = InvitationFactory(event__unit=district_a, event__starts_at=at(3, 9))
    with pytest.raises(ValidationError, match="签到只在活动当天"):
        services.invitation_check_in(invitation=invitation, by=staff_a)
    invitation.refresh_from_db()
    assert invitation.checked_in_at is None


def test_another_districts_staff_cannot_sign_in_with_the_token(client, staff_b, district_a):
    invitation = InvitationFactory(event=_today_event(district_a), cadre__unit=district_a)
    client.force_login(staff_b)
    assert client.post(reverse("events:checkin", args=[invitation.token])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.checked_in_at is None


def test_the_desk_finds_people_by_name_and_signs_them_in(client, staff_a, district_a):
    event = _today_event(district_a)
    wang = InvitationFactory(event=event, cadre__unit=district_a, cadre__name="王德华")
    InvitationFactory(event=event, cadre__unit=district_a, cadre__name="李秀英")
    client.force_login(staff_a)
    page = client.get(reverse("events:checkin_desk", args=[event.pk]), {"q": "王"})
    assert [i.pk for i in page.context["page_obj"]] == [wang.pk]
    client.post(reverse("events:checkin", args=[wang.token]), {"next": "desk"})
    wang.refresh_from_db()
    assert wang.came


# --- who could not come, and their visit --------------------------------------------------------
def test_closing_marks_who_did_not_come_and_plans_one_visit_each_where_the_rule_says_so(
    staff_a, district_a, django_capture_on_commit_callbacks
):
    event = _today_event(district_a, visit_if_missed=True)
    came = InvitationFactory(event=event, cadre__unit=district_a)
    missed = InvitationFactory(event=event, cadre__unit=district_a, response="no")
    services.invitation_check_in(invitation=came, by=staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.event_close(event=event, by=staff_a) == 1
    visit = Visit.objects.get()
    assert (visit.cadre, visit.occasion_key, visit.assignee) == (
        missed.cadre,
        f"event:{event.pk}",
        staff_a,
    )
    assert "送学上门" in visit.title
    missed.refresh_from_db()
    assert missed.missed_at is not None
    # The signal again (a retried close, a second receiver run): still one visit.
    services.event_missed_send(event=event)
    assert Visit.objects.count() == 1
    with pytest.raises(ValidationError):
        services.event_close(event=event, by=staff_a)


def test_closing_an_event_without_the_rule_plans_no_visit(
    staff_a, district_a, django_capture_on_commit_callbacks
):
    event = _today_event(district_a, visit_if_missed=False)
    InvitationFactory(event=event, cadre__unit=district_a)
    received = []

    def spy(sender, **kwargs):
        received.append(kwargs["cadre"])

    event_missed.connect(spy)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.event_close(event=event, by=staff_a)
    finally:
        event_missed.disconnect(spy)
    assert received == [] and not Visit.objects.exists()


def test_an_event_not_yet_started_cannot_be_closed(staff_a, district_a):
    event = EventFactory(unit=district_a, starts_at=at(3, 9), ends_at=at(3, 11))
    with pytest.raises(ValidationError, match="尚未开始"):
        services.event_close(event=event, by=staff_a)


# --- reminders ----------------------------------------------------------------------------------
def test_invitation_notices_reach_the_cadre_and_their_proxy_once(district_a):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    proxy, _grant = family_user(cadre)
    InvitationFactory(event__unit=district_a, cadre=cadre)
    InvitationFactory(event__unit=district_a, cadre__unit=district_a, response="yes")
    on = timezone.localdate()
    assert services.events_remind_invitations(on=on) == 2
    assert services.events_remind_invitations(on=on) == 0
    assert set(
        Reminder.objects.filter(kind=services.KIND_INVITATION).values_list("recipient", flat=True)
    ) == {user.pk, proxy.pk}


def test_the_day_before_the_invited_who_did_not_decline_and_the_organiser_are_reminded(
    staff_a, district_a
):
    coming_user, coming = cadre_user(CadreFactory(unit=district_a), username="coming")
    declined_user, declined = cadre_user(CadreFactory(unit=district_a), username="declined")
    event = EventFactory(unit=district_a, starts_at=at(1, 9), ends_at=at(1, 11), created_by=staff_a)
    InvitationFactory(event=event, cadre=coming, response="yes")
    InvitationFactory(event=event, cadre=declined, response="no")
    on = timezone.localdate()
    assert services.events_remind_tomorrow(on=on) == 2
    assert services.events_remind_tomorrow(on=on) == 0
    recipients = set(
        Reminder.objects.filter(kind=services.KIND_TOMORROW).values_list("recipient", flat=True)
    )
    assert recipients == {coming_user.pk, staff_a.pk}


def test_the_list_counts_replies_and_sign_ins_in_few_queries(
    client, staff_a, district_a, django_assert_max_num_queries
):
    for _ in range(5):
        event = EventFactory(unit=district_a)
        InvitationFactory.create_batch(3, event=event, cadre__unit=district_a, response="yes")
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("events:event_list"))
    assert [e.accepted for e in response.context["page_obj"]] == [3] * 5


def test_the_export_masks_phones_for_leadership(client, leader_a, district_a):
    import io

    import openpyxl

    invitation = InvitationFactory(event__unit=district_a, cadre__unit=district_a)
    Cadre.objects.filter(pk=invitation.cadre_id).update(phone="13912345678")
    client.force_login(leader_a)
    response = client.get(reverse("events:event_export", args=[invitation.event.pk]))
    cells = [
        c
        for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
            values_only=True
        )
        for c in row
    ]
    assert "13912345678" not in cells and "139****5678" in cells
    assert Invitation.objects.count() == 1


def test_a_hidden_field_the_inviter_may_not_see_is_refused_not_dropped(client, staff_a, district_a):
    CadreFactory(unit=district_a, hardship=True)
    CadreFactory(unit=district_a)
    event = EventFactory(unit=district_a)
    sensitive = Permission.objects.get(codename="view_sensitive")
    for group in staff_a.groups.all():
        group.permissions.remove(sensitive)
    client.force_login(staff_a)
    response = _invite(client, event, **{"f-hardship": "1"})
    assert response.status_code == 200
    assert "不能按以下条件查询" in response.content.decode()
    assert not event.invitations.exists()


def test_unit_staff_manage_centres_and_events_in_the_admin_and_leadership_only_reads(
    staff_a, leader_a
):
    assert staff_a.has_perm("venues.add_booking") and staff_a.has_perm("events.change_event")
    assert leader_a.has_perm("venues.view_booking")
    assert not leader_a.has_perm("venues.add_booking")
