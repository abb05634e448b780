"""Pages: the cadre side (本人 and a family proxy, recorded on behalf), the counter, scope (a
district's staff see their students only; other scope 404), roles (403), content (which
personal fields appear where), bad input (Chinese message, nothing saved, never a 500)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.cadreside import services as cadreside_services
from apps.university import services
from apps.university.models import Application, Attendance, Term
from tests.factories import CadreFactory

from .factories import ClassFactory, TermFactory, apply, close_window

pytestmark = pytest.mark.django_db


@pytest.fixture
def term(district_a):
    return TermFactory(unit=district_a)


@pytest.fixture
def cadre(district_a):
    return CadreFactory(
        unit=district_a, name="学员甲", phone="13911112222", birth_date=date(1948, 5, 6)
    )


@pytest.fixture
def cadre_user(cadre):
    return cadreside_services.cadre_account_create(cadre=cadre, username="stu1")


@pytest.fixture
def proxy_user(cadre):
    return cadreside_services.proxy_grant_create(
        cadre=cadre, username="kin1", relation="子女", by=None
    ).user


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_cadre_applies_from_the_phone(client, cadre_user, cadre, term):
    school_class = ClassFactory(term=term)
    client.force_login(cadre_user)
    page = client.get(reverse("university:my_classes"))
    assert page.status_code == 200 and school_class.name in page.content.decode()
    response = client.post(reverse("university:my_apply", args=[school_class.pk]), follow=True)
    row = Application.objects.get(cadre=cadre)
    assert (row.channel, row.submitted_by) == ("self", cadre_user)
    assert "报名早晚不影响结果" in "".join(messages_of(response))


def test_a_proxy_application_is_recorded_on_behalf(client, proxy_user, cadre, term):
    school_class = ClassFactory(term=term)
    client.force_login(proxy_user)
    client.post(reverse("university:my_apply", args=[school_class.pk]))
    row = Application.objects.get(cadre=cadre)
    assert row.channel == "proxy" and row.on_behalf and row.submitted_by == proxy_user


def test_overlap_is_told_on_the_cadre_side_and_nothing_saved(client, cadre_user, cadre, term):
    first = ClassFactory(term=term, name="太极班", slots=[(1, "09:00", "11:00")])
    second = ClassFactory(term=term, slots=[(1, "10:00", "11:00")])
    apply(first, cadre)
    client.force_login(cadre_user)
    response = client.post(reverse("university:my_apply", args=[second.pk]), follow=True)
    assert response.status_code == 200
    assert "与已报名的“太极班”" in "".join(messages_of(response))
    assert not Application.objects.filter(school_class=second).exists()


def test_a_class_of_another_district_is_404_on_the_cadre_side(client, cadre_user, district_b):
    elsewhere = ClassFactory(term=TermFactory(unit=district_b))
    client.force_login(cadre_user)
    assert client.post(reverse("university:my_apply", args=[elsewhere.pk])).status_code == 404
    assert elsewhere.name not in client.get(reverse("university:my_classes")).content.decode()


def test_the_cadre_sees_only_their_own_applications(client, cadre_user, cadre, term, district_a):
    school_class = ClassFactory(term=term, quota=5)
    mine = apply(school_class, cadre)
    other = apply(school_class, CadreFactory(unit=district_a, name="别人乙"))
    client.force_login(cadre_user)
    body = client.get(reverse("university:my")).content.decode()
    assert mine.number in body and other.number not in body
    url = reverse("university:my_withdraw", args=[other.pk])
    assert client.post(url).status_code == 404
    other.refresh_from_db()
    assert other.status == "applied"


def test_withdraw_from_the_cadre_side_moves_the_waiting_list(
    client, cadre_user, cadre, term, district_a
):
    school_class = ClassFactory(term=term, quota=1)
    mine = apply(school_class, cadre)
    rival = apply(school_class, CadreFactory(unit=district_a))
    close_window(term)
    services.term_allocate(term=term, seed="v")
    Application.objects.filter(pk=mine.pk).update(status="enrolled")
    Application.objects.filter(pk=rival.pk).update(status="waiting")
    client.force_login(cadre_user)
    client.post(reverse("university:my_withdraw", args=[mine.pk]))
    mine.refresh_from_db()
    rival.refresh_from_db()
    assert mine.status == "withdrawn" and mine.withdrawn_by == cadre_user
    assert rival.status == "enrolled"


def test_the_door_qr_signs_in_an_enrolled_student(client, proxy_user, cadre, district_a):
    today = timezone.localdate()
    term = TermFactory(
        unit=district_a,
        starts_on=today - timedelta(days=7),
        ends_on=today + timedelta(days=30),
        allocate_on=today - timedelta(days=8),
    )
    school_class = ClassFactory(term=term, quota=3, slots=[(today.isoweekday(), "00:00", "23:59")])
    row = apply(school_class, cadre)
    close_window(term)
    services.term_allocate(term=term)
    services.sessions_generate(term=term)
    client.force_login(proxy_user)
    url = reverse("university:my_checkin", args=[school_class.door_token])
    assert client.get(url).status_code == 200  # a page with a button: a preview signs nobody in
    assert not Attendance.objects.exists()
    client.post(url)
    mark = Attendance.objects.get(application=row)
    assert (mark.status, mark.method, mark.on_behalf) == ("present", "qr", True)
    response = client.post(url, follow=True)
    assert "今天已经签到过了" in "".join(messages_of(response))
    assert Attendance.objects.count() == 1


def test_the_door_qr_refuses_someone_not_enrolled(client, cadre_user, term):
    school_class = ClassFactory(term=term)
    client.force_login(cadre_user)
    response = client.post(
        reverse("university:my_checkin", args=[school_class.door_token]), follow=True
    )
    assert "不是“" in "".join(messages_of(response))
    assert not Attendance.objects.exists()


def test_counter_application_by_staff(client, staff_a, cadre, term):
    school_class = ClassFactory(term=term)
    client.force_login(staff_a)
    found = client.get(reverse("university:counter_apply", args=[school_class.pk]), {"q": "学员"})
    assert cadre.name in found.content.decode()
    client.post(reverse("university:counter_apply", args=[school_class.pk]), {"cadre": cadre.pk})
    row = Application.objects.get(cadre=cadre)
    assert (row.channel, row.submitted_by) == ("counter", staff_a)


def test_counter_refuses_a_cadre_out_of_scope_and_garbage(client, staff_a, term, district_b):
    school_class = ClassFactory(term=term)
    stranger = CadreFactory(unit=district_b)
    client.force_login(staff_a)
    url = reverse("university:counter_apply", args=[school_class.pk])
    for value in (stranger.pk, "abc", "", "99999999"):
        response = client.post(url, {"cadre": value}, follow=True)
        assert response.status_code == 200
        assert "请先查找并选择" in "".join(messages_of(response))
    assert not Application.objects.exists()
    assert stranger.name not in client.get(url, {"q": stranger.name[:1]}).content.decode()


def test_district_staff_see_their_students_only_in_a_city_class(
    client, staff_a, staff_b, city, district_a, district_b
):
    school_class = ClassFactory(term=TermFactory(unit=city), quota=9)
    ours = apply(school_class, CadreFactory(unit=district_a, name="本区学员"))
    theirs = apply(school_class, CadreFactory(unit=district_b, name="外区学员"))
    client.force_login(staff_a)
    body = client.get(reverse("university:class_detail", args=[school_class.pk])).content.decode()
    assert "本区学员" in body and "外区学员" not in body
    # a district cannot withdraw another district's student, nor run the city's draw
    url = reverse("university:application_withdraw", args=[theirs.pk])
    assert client.post(url, {"reason": "x"}).status_code == 404
    term = school_class.term
    assert client.post(reverse("university:term_allocate", args=[term.pk])).status_code == 404
    assert ours.pk


def test_other_districts_term_is_404_and_leadership_may_not_act(client, staff_b, leader_a, term):
    client.force_login(staff_b)
    assert client.get(reverse("university:term_detail", args=[term.pk])).status_code == 404
    client.force_login(leader_a)
    assert client.get(reverse("university:term_detail", args=[term.pk])).status_code == 200
    close_window(term)
    assert client.post(reverse("university:term_allocate", args=[term.pk])).status_code == 403
    assert Term.objects.get(pk=term.pk).allocated_at is None


def test_staff_withdrawal_needs_a_reason(client, staff_a, cadre, term):
    row = apply(ClassFactory(term=term), cadre)
    client.force_login(staff_a)
    url = reverse("university:application_withdraw", args=[row.pk])
    response = client.post(url, {"reason": "  "}, follow=True)
    assert "请填写退出原因" in "".join(messages_of(response))
    row.refresh_from_db()
    assert row.status == "applied"
    client.post(url, {"reason": "x" * 500})
    row.refresh_from_db()
    assert row.status == "applied"  # too long: refused, not cut short silently
    client.post(url, {"reason": "本人来电退课"})
    row.refresh_from_db()
    assert row.status == "withdrawn" and row.withdrawn_by == staff_a


def test_allocate_from_the_page_with_a_seed_then_again(client, staff_a, term, district_a):
    school_class = ClassFactory(term=term, quota=1)
    for _ in range(3):
        apply(school_class, CadreFactory(unit=district_a))
    client.force_login(staff_a)
    url = reverse("university:term_allocate", args=[term.pk])
    early = client.post(url, {"seed": "x"}, follow=True)
    assert "报名尚未截止" in "".join(messages_of(early))
    close_window(term)
    too_long = client.post(url, {"seed": "9" * 49}, follow=True)
    assert "48" in "".join(messages_of(too_long))
    assert Term.objects.get(pk=term.pk).allocated_at is None
    done = client.post(url, {"seed": "20261202"}, follow=True)
    assert "名额分配完成" in "".join(messages_of(done))
    assert school_class.draw.seed == f"20261202-{school_class.pk}"
    again = client.post(url, {"seed": "other"}, follow=True)
    assert "结果不变" in "".join(messages_of(again))


def test_the_public_pages_show_no_personal_data(client, cadre, term, district_a):
    school_class = ClassFactory(term=term, quota=1)
    apply(school_class, cadre)
    apply(school_class, CadreFactory(unit=district_a, name="另一位"))
    close_window(term)
    services.term_allocate(term=term, seed="pub")
    classes = client.get(reverse("university:public_classes")).content.decode()
    assert school_class.name in classes
    draw = client.get(reverse("university:public_draw", args=[school_class.draw.pk]))
    body = draw.content.decode()
    assert f"pub-{school_class.pk}" in body
    for leak in (cadre.name, "另一位", cadre.phone, "1948"):
        assert leak not in body and leak not in classes


def test_a_draft_terms_classes_are_not_public(client, district_a):
    hidden = ClassFactory(term=TermFactory(unit=district_a, status="draft"), name="筹备班")
    assert "筹备班" not in client.get(reverse("university:public_classes")).content.decode()
    assert hidden.pk


def test_ages_on_the_roster_for_staff_only(client, staff_a, leader_a, cadre, term):
    school_class = ClassFactory(term=term)
    apply(school_class, cadre)
    url = reverse("university:class_detail", args=[school_class.pk])
    age = str(cadre.age_on(timezone.localdate()))
    client.force_login(staff_a)
    staff_body = client.get(url).content.decode()
    assert '<th scope="col">年龄</th>' in staff_body and f"<td>{age}</td>" in staff_body
    client.force_login(leader_a)
    leader_body = client.get(url).content.decode()
    assert cadre.name in leader_body and "年龄" not in leader_body
    assert cadre.phone not in leader_body and cadre.phone not in staff_body


def test_roll_call_on_a_phone(client, staff_a, cadre, district_a):
    today = timezone.localdate()
    term = TermFactory(
        unit=district_a,
        starts_on=today - timedelta(days=14),
        ends_on=today + timedelta(days=14),
        allocate_on=today - timedelta(days=15),
    )
    school_class = ClassFactory(term=term, quota=5, slots=[(today.isoweekday(), "09:00", "10:00")])
    row = apply(school_class, cadre)
    close_window(term)
    services.term_allocate(term=term)
    services.sessions_generate(term=term)
    session = school_class.sessions.get(on=today)
    client.force_login(staff_a)
    url = reverse("university:session_roll", args=[session.pk])
    assert cadre.name in client.get(url).content.decode()
    client.post(url, {f"s{row.pk}": "excused", "s999999": "present"})
    assert Attendance.objects.get().status == "excused"
    client.post(url, {f"s{row.pk}": "bogus"})
    assert Attendance.objects.get().status == "excused"
    future = school_class.sessions.filter(on__gt=today).first()
    response = client.post(
        reverse("university:session_roll", args=[future.pk]), {f"s{row.pk}": "present"}, follow=True
    )
    assert "还没到上课日期" in "".join(messages_of(response))


def test_certificates_for_those_over_the_threshold_printable(client, staff_a, cadre, district_a):
    today = timezone.localdate()
    term = TermFactory(
        unit=district_a,
        starts_on=today - timedelta(days=27),
        ends_on=today,
        allocate_on=today - timedelta(days=28),
    )
    school_class = ClassFactory(term=term, quota=5, slots=[(today.isoweekday(), "09:00", "10:00")])
    good = apply(school_class, cadre)
    poor = apply(school_class, CadreFactory(unit=district_a))
    close_window(term)
    services.term_allocate(term=term)
    services.sessions_generate(term=term)
    sessions = list(school_class.sessions.order_by("on"))
    assert len(sessions) == 4
    for i, session in enumerate(sessions):
        services.attendance_roll(
            session=session,
            marks={good.pk: "present", poor.pk: "present" if i == 0 else "absent"},
            by=staff_a,
        )
    client.force_login(staff_a)
    url = reverse("university:term_certificates", args=[term.pk])
    client.post(url)
    client.post(url)  # twice: nothing new
    good.refresh_from_db()
    assert good.certificate.present == 4 and not hasattr(poor, "certificate")
    page = client.get(reverse("university:certificate", args=[good.certificate.pk]))
    assert "结业证书" in page.content.decode() and cadre.name in page.content.decode()


def test_the_cadre_side_header_leads_to_the_university(client, cadre_user):
    client.force_login(cadre_user)
    body = client.get(reverse("cadreside:home")).content.decode()
    assert reverse("university:my") in body
