from datetime import date

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.cadres.models import Cadre
from apps.notices import services
from apps.notices.models import Notice, NoticeRecipient
from tests.branches.factories import MembershipFactory, PartyBranchFactory
from tests.cadreside.factories import cadre_user, family_user
from tests.factories import CadreFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def notice(unit, by, **kwargs):
    fields = {
        "title": "情况通报会邀请",
        "body": "定于 12 月 20 日上午召开情况通报会。",
        "audience": Notice.Audience.ALL,
        **kwargs,
    }
    return Notice.objects.create(unit=unit, created_by=by, **fields)


def test_a_branch_notice_reaches_only_the_branchs_current_members(district_a, staff_a):
    branch = PartyBranchFactory(unit=district_a)
    member = MembershipFactory(branch=branch, cadre__unit=district_a).cadre
    CadreFactory(unit=district_a)  # same district, not a member
    n = notice(district_a, staff_a, audience=Notice.Audience.BRANCH, target_branch=branch)
    assert services.notice_send(notice=n, by=staff_a) == 1
    assert list(n.recipients.values_list("cadre", flat=True)) == [member.pk]


def test_an_age_notice_reaches_everyone_over_80_on_the_register_only(district_a, staff_a):
    old = CadreFactory(unit=district_a, birth_date=date(1940, 1, 1))
    CadreFactory(unit=district_a, birth_date=date(1956, 1, 1))
    dead = CadreFactory(unit=district_a, birth_date=date(1935, 1, 1))
    Cadre.objects.filter(pk=dead.pk).update(status="deceased", deceased_on=date(2026, 1, 1))
    n = notice(district_a, staff_a, audience=Notice.Audience.AGE, min_age=80)
    services.notice_send(notice=n, by=staff_a, on=date(2026, 12, 1))
    assert list(n.recipients.values_list("cadre", flat=True)) == [old.pk]


def test_a_unit_notice_stays_inside_the_senders_subtree(district_a, district_b, staff_a):
    street = OrgUnitFactory(parent=district_a, kind="township")
    inside = CadreFactory(unit=street)
    CadreFactory(unit=district_a)
    CadreFactory(unit=district_b)
    n = notice(district_a, staff_a, audience=Notice.Audience.UNIT, target_unit=street)
    services.notice_send(notice=n, by=staff_a)
    assert list(n.recipients.values_list("cadre", flat=True)) == [inside.pk]


def test_sending_twice_adds_nobody(district_a, staff_a):
    CadreFactory(unit=district_a)
    n = notice(district_a, staff_a)
    assert services.notice_send(notice=n, by=staff_a) == 1
    CadreFactory(unit=district_a)  # arrives after sending: not added by a second click
    assert services.notice_send(notice=n, by=staff_a) == 1
    assert NoticeRecipient.objects.count() == 1


def test_opening_a_notice_is_the_read_receipt_recorded_once(client, district_a, staff_a):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    n = notice(district_a, staff_a)
    services.notice_send(notice=n, by=staff_a)
    client.force_login(user)
    assert "未读" in client.get(reverse("notices:mine")).content.decode()
    body = client.get(reverse("notices:read", args=[n.pk])).content.decode()
    assert "定于 12 月 20 日" in body
    first = NoticeRecipient.objects.get().read_at
    client.get(reverse("notices:read", args=[n.pk]))
    receipt = NoticeRecipient.objects.get()
    assert receipt.read_at == first and receipt.read_by == user and not receipt.read_on_behalf
    assert "未读" not in client.get(reverse("notices:mine")).content.decode()


def test_a_family_member_reading_and_replying_is_recorded_on_behalf(client, district_a, staff_a):
    cadre = CadreFactory(unit=district_a, name="张本人")
    proxy, _ = family_user(cadre)
    n = notice(district_a, staff_a, asks_reply=True, reply_question="是否参加？")
    services.notice_send(notice=n, by=staff_a)
    client.force_login(proxy)
    client.get(reverse("notices:read", args=[n.pk]))
    client.post(reverse("notices:reply", args=[n.pk]), {"answer": "no"})
    receipt = NoticeRecipient.objects.get()
    assert (receipt.read_by, receipt.read_on_behalf) == (proxy, True)
    assert (receipt.reply, receipt.replied_by, receipt.replied_on_behalf) == ("no", proxy, True)
    client.force_login(staff_a)
    body = client.get(reverse("notices:detail", args=[n.pk])).content.decode()
    assert "代为回复" in body and "不参加 1" in body


def test_a_reply_is_given_once(client, district_a, staff_a):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    n = notice(district_a, staff_a, asks_reply=True, reply_question="是否参加？")
    services.notice_send(notice=n, by=staff_a)
    client.force_login(user)
    client.post(reverse("notices:reply", args=[n.pk]), {"answer": "yes"})
    response = client.post(reverse("notices:reply", args=[n.pk]), {"answer": "no"}, follow=True)
    assert "您已经回复过了" in response.content.decode()
    assert NoticeRecipient.objects.get().reply == "yes"


def test_a_bad_answer_is_refused_in_chinese_and_nothing_saved(client, district_a, staff_a):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    n = notice(district_a, staff_a, asks_reply=True, reply_question="是否参加？")
    services.notice_send(notice=n, by=staff_a)
    client.force_login(user)
    response = client.post(reverse("notices:reply", args=[n.pk]), {"answer": "maybe"}, follow=True)
    assert "请选择“参加”或“不参加”" in response.content.decode()
    assert NoticeRecipient.objects.get().reply == ""


def test_a_cadre_gets_404_for_a_draft_a_withdrawn_or_someone_elses_notice(
    client, district_a, staff_a
):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    draft = notice(district_a, staff_a)
    withdrawn = notice(district_a, staff_a)
    services.notice_send(notice=withdrawn, by=staff_a)
    services.notice_withdraw(notice=withdrawn, reason="改期", by=staff_a)
    other = OrgUnitFactory()
    CadreFactory(unit=other)
    elsewhere = notice(other, staff_a)
    services.notice_send(notice=elsewhere, by=staff_a)
    client.force_login(user)
    for n in (draft, withdrawn, elsewhere):
        assert client.get(reverse("notices:read", args=[n.pk])).status_code == 404
    assert "暂时没有通知" in client.get(reverse("notices:mine")).content.decode()


def test_staff_of_another_district_get_404_and_a_secretary_403(client, district_a, staff_b):
    n = notice(district_a, staff_b)
    client.force_login(staff_b)
    assert client.get(reverse("notices:detail", args=[n.pk])).status_code == 404
    client.force_login(UserFactory(role=Role.SECRETARY, unit=district_a))
    assert client.get(reverse("notices:list")).status_code == 403


def test_a_branch_notice_without_a_branch_is_refused_and_nothing_saved(client, staff_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("notices:create"), {"title": "通知", "body": "正文", "audience": "branch"}
    )
    assert response.status_code == 200
    assert "请选择党支部" in response.content.decode()
    assert not Notice.objects.exists()


def test_another_districts_branch_cannot_be_addressed(client, staff_a, district_b):
    foreign = PartyBranchFactory(unit=district_b)
    client.force_login(staff_a)
    client.post(
        reverse("notices:create"),
        {"title": "通知", "body": "正文", "audience": "branch", "target_branch": foreign.pk},
    )
    assert not Notice.objects.exists()


def test_staff_create_then_send_and_see_the_counts(client, district_a, staff_a):
    CadreFactory(unit=district_a, birth_date=date(1940, 5, 1))
    CadreFactory(unit=district_a, birth_date=date(1960, 5, 1))
    client.force_login(staff_a)
    response = client.post(
        reverse("notices:create"),
        {
            "title": "高龄慰问通知",
            "body": "正文",
            "audience": "age",
            "min_age": "80",
            "asks_reply": "on",
            "reply_question": "是否需要上门？",
        },
    )
    n = Notice.objects.get()
    assert response.status_code == 302 and n.status == Notice.Status.DRAFT
    assert "将发送给 <strong>1</strong>" in client.get(response["Location"]).content.decode()
    client.post(reverse("notices:send", args=[n.pk]))
    n.refresh_from_db()
    assert n.status == Notice.Status.SENT and n.recipients.count() == 1


def test_the_notice_list_queries_do_not_grow_with_rows(
    client, district_a, staff_a, django_assert_max_num_queries
):
    CadreFactory(unit=district_a)
    for _ in range(15):
        services.notice_send(notice=notice(district_a, staff_a), by=staff_a)
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notices:list"))
    assert response.context["page_obj"].paginator.count == 15
