from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from apps.cadreside.models import DutyPhone, HelpCall
from apps.casework import services as casework_services
from apps.casework.models import ServiceRequest
from apps.notifications.models import Reminder
from tests.factories import CadreFactory, OrgUnitFactory
from tests.subsidies.factories import seed_subsidy_data

from .factories import cadre_user, family_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seeded():
    cache.clear()
    seed_subsidy_data()  # the urgency rows


def _submit(client, **data):
    return client.post(reverse("cadreside:request_new"), data)


def test_one_tap_on_a_picture_submits_a_request_into_the_casework_flow(client, district_a, staff_a):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    client.force_login(user)
    response = _submit(client, category="repair", content="厨房水管漏水")
    item = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert (item.cadre, item.source, item.category, item.submitted_by, item.on_behalf) == (
        cadre,
        ServiceRequest.Source.CADRE,
        "repair",
        user,
        False,
    )
    assert item.received_via == ServiceRequest.Via.ONLINE and "厨房水管漏水" in item.content
    # The deadline comes from the urgency rows (一般: the slowest), as in the staff flow.
    hours = (item.deadline - item.received_at) / timedelta(hours=1)
    assert hours == item.urgency.response_hours == 168
    # The unit's staff are told.
    assert Reminder.objects.filter(recipient=staff_a, kind="request_from_cadre").count() == 1
    body = client.get(response["Location"]).content.decode()
    assert "工作人员正在安排" in body and "前" in body


def test_urgent_takes_the_fastest_deadline(client, district_a):
    user, _ = cadre_user(CadreFactory(unit=district_a))
    client.force_login(user)
    _submit(client, category="medical", urgent="1")
    item = ServiceRequest.objects.get()
    assert item.urgency.response_hours == 24


def test_the_page_says_voice_input_works_and_shows_the_picture_menu(client, district_a):
    user, _ = cadre_user(CadreFactory(unit=district_a))
    client.force_login(user)
    body = client.get(reverse("cadreside:request_new")).content.decode()
    assert "话筒" in body and body.count('class="need-icon"') == len(ServiceRequest.Category)


def test_an_unknown_category_is_refused_in_chinese_and_nothing_saved(client, district_a):
    user, _ = cadre_user(CadreFactory(unit=district_a))
    client.force_login(user)
    response = _submit(client, category="lottery", content="x")
    assert response.status_code == 400
    assert "请选择一项需要帮助的事情" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_a_family_members_request_is_recorded_on_behalf_and_staff_see_who(
    client, district_a, staff_a
):
    cadre = CadreFactory(unit=district_a, name="张本人")
    proxy, _ = family_user(cadre, username="fam_r")
    client.force_login(proxy)
    _submit(client, category="meals")
    item = ServiceRequest.objects.get()
    assert (item.source, item.submitted_by, item.on_behalf) == (
        ServiceRequest.Source.FAMILY,
        proxy,
        True,
    )
    assert item.requester == proxy.display_name
    client.force_login(staff_a)
    body = client.get(reverse("casework:request_detail", args=[item.pk])).content.decode()
    assert f"{proxy.display_name}代张本人提交" in body


def test_the_cadre_sees_who_handles_it_then_the_answer_and_rates_it_once(
    client, district_a, staff_a
):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    client.force_login(user)
    _submit(client, category="repair")
    item = ServiceRequest.objects.get()
    casework_services.request_assign(request=item, assignee=staff_a, by=staff_a)
    detail = reverse("cadreside:request_detail", args=[item.pk])
    assert staff_a.display_name in client.get(detail).content.decode()
    # Not closed yet: rating is refused.
    client.post(reverse("cadreside:request_rate", args=[item.pk]), {"rating": "5"})
    assert ServiceRequest.objects.get().rating is None
    casework_services.request_close(request=item, outcome="已联系物业修好水管", by=staff_a)
    home = client.get(reverse("cadreside:home")).content.decode()
    assert "请看结果并评价" in home
    body = client.get(detail).content.decode()
    assert "已联系物业修好水管" in body and "非常满意" in body
    client.post(
        reverse("cadreside:request_rate", args=[item.pk]), {"rating": "4", "comment": "很及时"}
    )
    response = client.post(
        reverse("cadreside:request_rate", args=[item.pk]), {"rating": "1"}, follow=True
    )
    assert "您已经评价过了" in response.content.decode()
    item.refresh_from_db()
    assert (item.rating, item.rating_comment, item.rated_by, item.rated_on_behalf) == (
        4,
        "很及时",
        user,
        False,
    )
    assert "请看结果并评价" not in client.get(reverse("cadreside:home")).content.decode()
    client.force_login(staff_a)
    staff_body = client.get(reverse("casework:request_detail", args=[item.pk])).content.decode()
    assert "满意（4 分）：很及时" in staff_body


def test_a_rating_out_of_range_is_refused(client, district_a, staff_a):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    client.force_login(user)
    _submit(client, category="repair")
    item = ServiceRequest.objects.get()
    casework_services.request_close(request=item, outcome="已办", by=staff_a)
    response = client.post(
        reverse("cadreside:request_rate", args=[item.pk]), {"rating": "9"}, follow=True
    )
    assert "请选择满意程度" in response.content.decode()
    assert ServiceRequest.objects.get().rating is None


def test_another_cadres_request_is_404(client, district_a):
    user, _ = cadre_user(CadreFactory(unit=district_a))
    other_user, other = cadre_user(CadreFactory(unit=district_a), username="other_r")
    client.force_login(other_user)
    _submit(client, category="repair")
    item = ServiceRequest.objects.get()
    client.force_login(user)
    assert client.get(reverse("cadreside:request_detail", args=[item.pk])).status_code == 404
    assert (
        client.post(reverse("cadreside:request_rate", args=[item.pk]), {"rating": "5"}).status_code
        == 404
    )


def test_the_help_button_dials_the_nearest_duty_phone_and_logs_the_call(client, district_a):
    street = OrgUnitFactory(parent=district_a, kind="township")
    DutyPhone.objects.create(unit=district_a, phone="0516-12345678")
    cadre = CadreFactory(unit=street)
    proxy, _ = family_user(cadre, username="fam_h")
    client.force_login(proxy)
    home = client.get(reverse("cadreside:home")).content.decode()
    assert 'href="tel:0516-12345678"' in home and "data-help-beacon" in home
    assert client.post(reverse("cadreside:help_call")).status_code == 204
    call = HelpCall.objects.get()
    assert (call.cadre, call.by, call.on_behalf, call.phone, call.unit) == (
        cadre,
        proxy,
        True,
        "0516-12345678",
        street,
    )


def test_without_any_duty_phone_the_bureau_phone_answers(client, district_a, settings):
    settings.BUREAU_PHONE = "12345"
    user, _ = cadre_user(CadreFactory(unit=district_a))
    client.force_login(user)
    assert 'href="tel:12345"' in client.get(reverse("cadreside:help")).content.decode()


def test_staff_turn_a_call_into_a_request_in_one_step_once(client, district_a, staff_a):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    client.force_login(user)
    client.post(reverse("cadreside:help_call"))
    call = HelpCall.objects.get()
    client.force_login(staff_a)
    assert cadre.name in client.get(reverse("cadreside:calls")).content.decode()
    url = reverse("cadreside:call_convert", args=[call.pk])
    response = client.post(url, {"content": "老人摔倒，需要送医"})
    item = ServiceRequest.objects.get()
    assert response["Location"] == reverse("casework:request_detail", args=[item.pk])
    assert (item.source, item.received_via, item.assignee, item.submitted_by) == (
        ServiceRequest.Source.HELP_CALL,
        ServiceRequest.Via.PHONE,
        staff_a,
        user,
    )
    assert item.received_at == call.at
    client.post(url, {"content": "再转一次"})
    assert ServiceRequest.objects.count() == 1


def test_an_empty_conversion_is_refused_and_nothing_saved(client, district_a, staff_a):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    client.force_login(user)
    client.post(reverse("cadreside:help_call"))
    client.force_login(staff_a)
    response = client.post(
        reverse("cadreside:call_convert", args=[HelpCall.objects.get().pk]),
        {"content": " "},
        follow=True,
    )
    assert "请填写来电反映的事情" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_staff_of_another_district_do_not_see_the_call(client, district_a, staff_b):
    user, _ = cadre_user(CadreFactory(unit=district_a))
    client.force_login(user)
    client.post(reverse("cadreside:help_call"))
    call = HelpCall.objects.get()
    client.force_login(staff_b)
    assert (
        client.post(reverse("cadreside:call_convert", args=[call.pk]), {"content": "x"}).status_code
        == 404
    )
    assert not client.get(reverse("cadreside:calls")).context["page_obj"].paginator.count


def test_the_dashboard_counts_response_and_satisfaction_and_drills_to_the_rows(
    client, district_a, staff_a, bureau_staff
):
    from apps.dashboard.casework import casework_section
    from apps.dashboard.window import Window

    user, cadre = cadre_user(CadreFactory(unit=district_a))
    client.force_login(user)
    for category in ("repair", "meals", "care"):
        _submit(client, category=category)
    first, second, _third = ServiceRequest.objects.order_by("pk")
    for item in (first, second):
        casework_services.request_close(request=item, outcome="已办", by=staff_a)
    casework_services.request_rate(request=first, rating=5, by=user, on_behalf=False)
    casework_services.request_rate(request=second, rating=2, by=user, on_behalf=False)
    today = timezone.localdate()
    section = casework_section(bureau_staff, Window(year=today.year, today=today))
    kpis = {k["label"]: k for k in section["kpis"]}
    assert kpis["本年诉求"]["value"] == 3 and kpis["已办结"]["value"] == 2
    assert kpis["平均满意度"]["value"] == 3.5 and kpis["满意率"]["value"] == 50.0
    (row,) = section["tables"][0]["rows"]
    assert row[0]["v"] == district_a.name and row[1]["v"] == 3 and row[5]["v"] == 2
    client.force_login(bureau_staff)
    for cell, expected in ((row[1], 3), (row[2], 2), (row[5], 2)):
        page = client.get(cell["url"]).context["page_obj"]
        assert page.paginator.count == expected


def test_what_a_family_member_did_is_on_the_cadres_record_for_staff(client, district_a, staff_a):
    cadre = CadreFactory(unit=district_a, name="张本人")
    proxy, _ = family_user(cadre, username="fam_card")
    client.force_login(proxy)
    _submit(client, category="meals")
    client.post(reverse("cadreside:help_call"))
    client.force_login(staff_a)
    body = client.get(reverse("cadres:detail", args=[cadre.pk])).content.decode()
    assert f"{proxy.display_name}代张本人提交诉求" in body
    assert f"{proxy.display_name}代张本人一键求助" in body


def test_staff_filter_the_request_list_by_where_requests_came_from(client, district_a, staff_a):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    client.force_login(user)
    _submit(client, category="repair")
    client.force_login(staff_a)
    page = client.get(reverse("casework:request_list"), {"source": "cadre"})
    assert page.context["page_obj"].paginator.count == 1
    assert "老干部端" in page.content.decode()
    assert (
        client.get(reverse("casework:request_list"), {"source": "help_call"})
        .context["page_obj"]
        .paginator.count
        == 0
    )
