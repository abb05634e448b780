import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.cadres.models import Cadre
from apps.cadreside import services
from apps.cadreside.models import SignInAttempt
from tests.branches.factories import AttendanceFactory, BranchActivityFactory, MembershipFactory
from tests.factories import CadreFactory
from tests.volunteers.factories import RecordFactory, VolunteerFactory

from .factories import cadre_user, family_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_a_cadre_sees_only_their_own_cadre_row():
    user, cadre = cadre_user()
    CadreFactory()
    assert list(Cadre.objects.visible_to(user)) == [cadre]


def test_a_family_member_sees_only_the_cadres_they_act_for_while_the_grant_is_active():
    cadre = CadreFactory()
    CadreFactory()
    user, grant = family_user(cadre)
    assert list(Cadre.objects.visible_to(user)) == [cadre]
    services.proxy_grant_revoke(grant=grant)
    assert list(Cadre.objects.visible_to(user)) == []


def test_a_cadre_reaches_their_branchs_activities_and_their_own_attendance_only():
    user, cadre = cadre_user()
    membership = MembershipFactory(cadre=cadre)
    own = BranchActivityFactory(branch=membership.branch)
    other = BranchActivityFactory()
    from apps.branches.models import Attendance, BranchActivity

    mine = AttendanceFactory(activity=own, cadre=cadre)
    AttendanceFactory(activity=own, cadre=MembershipFactory(branch=membership.branch).cadre)
    assert list(BranchActivity.objects.visible_to(user)) == [own]
    assert other not in BranchActivity.objects.visible_to(user)
    assert list(Attendance.objects.visible_to(user)) == [mine]


def test_staff_pages_are_403_for_a_cadre(client):
    user, cadre = cadre_user()
    client.force_login(user)
    for url in [reverse("cadres:list"), reverse("cadres:detail", args=[cadre.pk]), "/admin/"]:
        assert client.get(url).status_code == 403, url


def test_a_cadre_reads_their_own_full_id_phone_and_address(client):
    user, cadre = cadre_user(
        CadreFactory(phone="13912345678", address="幸福路88号", id_number="110101194501011234")
    )
    client.force_login(user)
    body = client.get(reverse("cadreside:record")).content.decode()
    assert "110101194501011234" in body and "13912345678" in body and "幸福路88号" in body


def test_a_family_member_cannot_switch_to_a_cadre_without_a_grant(client):
    cadre = CadreFactory(name="张本人")
    other = CadreFactory(name="李别人")
    user, _ = family_user(cadre)
    client.force_login(user)
    assert client.post(reverse("cadreside:switch"), {"cadre": other.pk}).status_code == 404
    body = client.get(reverse("cadreside:record")).content.decode()
    assert "张本人" in body and "李别人" not in body


def test_a_revoked_grant_ends_the_chosen_cadre_in_the_session(client):
    cadre = CadreFactory(name="张本人")
    second = CadreFactory(name="王第二")
    user, _ = family_user(cadre)
    grant2 = services.proxy_grant_create(cadre=second, user=user, relation="子女", by=None)
    client.force_login(user)
    client.post(reverse("cadreside:switch"), {"cadre": second.pk})
    assert "王第二" in client.get(reverse("cadreside:record")).content.decode()
    services.proxy_grant_revoke(grant=grant2)
    body = client.get(reverse("cadreside:record")).content.decode()
    assert "张本人" in body and "王第二" not in body


def test_volunteer_page_shows_hours_and_time_bank_balance(client):
    user, cadre = cadre_user()
    volunteer = VolunteerFactory(cadre=cadre)
    RecordFactory(volunteer=volunteer, hours="2.5", status="confirmed")
    client.force_login(user)
    body = client.get(reverse("cadreside:volunteer")).content.decode()
    assert "累计服务 2.5 小时" in body and "时间银行余额" in body


def test_qr_card_signs_in_and_a_revoked_card_ends_the_session(client, staff_a):
    user, cadre = cadre_user(CadreFactory(unit=staff_a.unit))
    issued = services.card_issue(cadre=cadre, holder=user, by=staff_a)
    url = reverse("cadreside:qr_signin", args=[issued.token])
    assert client.get(url).status_code == 200
    assert "_auth_user_id" not in client.session  # a GET (link preview) signs nobody in
    response = client.post(url)
    assert response["Location"] == reverse("cadreside:home")
    assert client.get(reverse("cadreside:home")).status_code == 200
    assert client.session.get_expiry_age() > 170 * 24 * 3600
    services.card_revoke(card=issued.card, by=staff_a)
    response = client.get(reverse("cadreside:home"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert SignInAttempt.objects.filter(card=issued.card, success=True, method="qr").count() == 1


def test_reissuing_a_card_revokes_the_old_one(staff_a):
    user, cadre = cadre_user(CadreFactory(unit=staff_a.unit))
    first = services.card_issue(cadre=cadre, holder=user, by=staff_a)
    services.card_issue(cadre=cadre, holder=user, by=staff_a)
    first.card.refresh_from_db()
    assert first.card.revoked_at is not None
    assert len(first.card.token_hash) == 64 and first.token not in first.card.token_hash


def test_card_number_and_code_sign_in_and_failures_are_logged(client, staff_a):
    user, cadre = cadre_user(CadreFactory(unit=staff_a.unit))
    issued = services.card_issue(cadre=cadre, holder=user, by=staff_a)
    wrong = "000000" if issued.code != "000000" else "111111"
    response = client.post(
        reverse("cadreside:code_signin"), {"number": issued.card.number, "code": wrong}
    )
    assert response.status_code == 400 and "卡号或验证码不正确" in response.content.decode()
    response = client.post(
        reverse("cadreside:code_signin"), {"number": issued.card.number, "code": issued.code}
    )
    assert response["Location"] == reverse("cadreside:home")
    assert list(SignInAttempt.objects.order_by("at").values_list("success", flat=True)) == [
        False,
        True,
    ]


def test_code_brute_force_is_stopped_per_card_number_even_with_the_right_code(client, staff_a):
    user, cadre = cadre_user(CadreFactory(unit=staff_a.unit))
    issued = services.card_issue(cadre=cadre, holder=user, by=staff_a)
    wrong = "000000" if issued.code != "000000" else "111111"
    for _ in range(services.MAX_FAILURES_PER_NUMBER):
        client.post(reverse("cadreside:code_signin"), {"number": issued.card.number, "code": wrong})
    response = client.post(
        reverse("cadreside:code_signin"), {"number": issued.card.number, "code": issued.code}
    )
    assert "尝试次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_code_without_a_card_number_is_refused(client):
    response = client.post(reverse("cadreside:code_signin"), {"number": "", "code": "123456"})
    assert response.status_code == 400 and "请输入卡号" in response.content.decode()


def test_staff_print_a_card_with_qr_and_code_shown_once(client, staff_a):
    user, cadre = cadre_user(CadreFactory(unit=staff_a.unit, name="赵老"))
    client.force_login(staff_a)
    response = client.post(reverse("cadreside:card_issue", args=[cadre.pk]), {"holder": user.pk})
    body = response.content.decode()
    assert "data:image/svg+xml" in body and "赵老" in body
    card = cadre.login_cards.get()
    assert card.number in body
    assert card.number in client.get(reverse("cadreside:cards", args=[cadre.pk])).content.decode()


def test_staff_of_another_unit_get_404_for_a_cadres_cards(client, staff_b):
    _, cadre = cadre_user()
    client.force_login(staff_b)
    assert client.get(reverse("cadreside:cards", args=[cadre.pk])).status_code == 404


def test_branch_page_lists_activities_with_my_attendance(client):
    user, cadre = cadre_user()
    membership = MembershipFactory(cadre=cadre)
    activity = BranchActivityFactory(branch=membership.branch, topic="学习二十大精神")
    AttendanceFactory(activity=activity, cadre=cadre, status="present")
    client.force_login(user)
    body = client.get(reverse("cadreside:branch")).content.decode()
    assert "学习二十大精神" in body and "我的出席：出席" in body
