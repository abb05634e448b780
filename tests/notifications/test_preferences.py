"""Who is reached how: channels per person and role, quiet hours, the daily cap, the sender's
signature; the preference page, the delivery report, the test message."""

from datetime import time, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from apps.notifications.delivery import reminders_deliver
from apps.notifications.kinds import register_kind
from apps.notifications.models import Delivery, Dispatch, Preference, SenderIdentity

from .factories import ReminderFactory
from .test_channels import AK_ID, AK_SECRET, TOKEN, aliyun_signature_ok, daytime, reach


@pytest.fixture
def sms(settings, provider):
    settings.REMINDER_CHANNELS = ["inapp", "sms", "dingtalk"]
    settings.ALIYUN_SMS_ENDPOINT = f"{provider.url}/"
    settings.ALIYUN_SMS_ACCESS_KEY_ID = AK_ID
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = AK_SECRET
    settings.ALIYUN_SMS_SIGN_NAME = "市委老干部局"
    settings.ALIYUN_SMS_TEMPLATE_CODE = "SMS_1"
    settings.DINGTALK_WEBHOOK_URL = f"{provider.url}/robot/send?access_token={TOKEN}"
    settings.DINGTALK_SECRET = ""
    settings.REMINDER_QUIET_HOURS = "21:00-08:00"

    def respond(seen):
        if seen.path == "/robot/send":
            return 200, {"errcode": 0, "errmsg": "ok"}
        return 200, {"Code": "OK", "Message": "OK", "BizId": "1", "RequestId": "R"}

    provider.respond = respond
    return provider


def at(hour, minute=0, days=0):
    return (timezone.localtime() + timedelta(days=days)).replace(
        hour=hour, minute=minute, second=0, microsecond=0
    )


def test_no_sms_at_night_it_waits_for_the_end_of_quiet_hours(sms, secretary):
    reach(secretary, "sms", sms_phone="13800001234")
    ReminderFactory(recipient=secretary)
    night = at(23, 30)
    assert reminders_deliver(now=night) == 0
    assert sms.received == []
    delivery = Delivery.objects.get()
    assert delivery.next_attempt_at == at(8, 0, days=1)
    assert (delivery.attempts, delivery.last_reason) == (0, "quiet_hours")
    assert reminders_deliver(now=at(7, 59, days=1)) == 0
    assert reminders_deliver(now=at(8, 1, days=1)) == 1
    assert len(sms.received) == 1


def test_a_personal_quiet_window_replaces_the_default(sms, secretary):
    reach(secretary, "sms", sms_phone="13800001234", quiet_start=time(12), quiet_end=time(14))
    ReminderFactory(recipient=secretary)
    assert reminders_deliver(now=at(23, 30)) == 1  # the default night window no longer applies
    ReminderFactory(recipient=secretary)
    assert reminders_deliver(now=at(13, 0, days=1)) == 0
    assert Delivery.objects.get(status="pending").next_attempt_at == at(14, 0, days=1)


def test_email_is_not_held_back_by_quiet_hours(settings, staff_a):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REMINDER_CHANNELS = ["inapp", "email"]
    staff_a.email = "a@example.org"
    staff_a.save()
    ReminderFactory(recipient=staff_a)
    assert reminders_deliver(now=at(23, 30)) == 1


def test_past_the_daily_cap_the_rest_is_folded_into_one_digest(sms, staff_a):
    for code in ("k1", "k2", "k3"):
        register_kind(code, f"类别{code}")
        ReminderFactory(recipient=staff_a, kind=code)
    reach(staff_a, "dingtalk", daily_cap=2)
    assert reminders_deliver(now=daytime()) == 3
    sizes = sorted(Dispatch.objects.values_list("kind", "size"))
    assert len(sms.received) == 2
    assert sizes == [("*", 2), ("k1", 1)]


def test_at_the_daily_cap_deliveries_wait_for_the_next_day(sms, staff_a):
    reach(staff_a, "dingtalk", daily_cap=1)
    ReminderFactory(recipient=staff_a, kind="k1")
    now = daytime()
    assert reminders_deliver(now=now) == 1
    ReminderFactory(recipient=staff_a, kind="k2")
    assert reminders_deliver(now=now + timedelta(minutes=5)) == 0
    waiting = Delivery.objects.get(status="pending")
    assert waiting.last_reason == "daily_cap"
    assert waiting.next_attempt_at == at(0, 0, days=1)


def test_staff_are_reached_in_dingtalk_by_their_role_default(sms, settings, staff_a, secretary):
    settings.REMINDER_ROLE_CHANNELS = {"district_staff": ["dingtalk"]}
    ReminderFactory(recipient=staff_a)
    ReminderFactory(recipient=secretary)
    reminders_deliver(now=daytime())
    assert list(Delivery.objects.values_list("reminder__recipient", "channel")) == [
        (staff_a.pk, "dingtalk")
    ]


def test_sms_needs_an_opt_in_and_a_preference_overrides_the_role(sms, settings, staff_a):
    settings.REMINDER_ROLE_CHANNELS = {"district_staff": ["dingtalk"]}
    reach(staff_a, "sms", sms_phone="13800001234")
    ReminderFactory(recipient=staff_a)
    reminders_deliver(now=daytime())
    assert list(Delivery.objects.values_list("channel", flat=True)) == ["sms"]


def test_the_message_says_who_sent_it_and_which_phone_to_call(sms, staff_a, district_a):
    SenderIdentity.objects.create(unit=district_a, name="东城区委老干部局", phone="010-6400 1234")
    reach(staff_a, "dingtalk", "sms", sms_phone="13800001234")
    ReminderFactory(recipient=staff_a, subject="走访提醒")
    reminders_deliver(now=daytime())
    robot = next(s for s in sms.received if s.path == "/robot/send").json["markdown"]["text"]
    assert "东城区委老干部局" in robot and "010-6400 1234" in robot
    text = next(s for s in sms.received if s.path == "/")
    assert aliyun_signature_ok(text)
    params = __import__("json").loads(text.form["TemplateParam"])
    assert (params["sender"], params["phone"]) == ("东城区委老干部局", "010-6400 1234")


def test_without_a_unit_signature_the_portal_settings_sign(sms, settings, staff_a):
    settings.REMINDER_SENDER_NAME = "市委老干部局"
    settings.REMINDER_REPLY_PHONE = "12345"
    reach(staff_a, "dingtalk")
    ReminderFactory(recipient=staff_a)
    reminders_deliver(now=daytime())
    assert "市委老干部局（如有疑问请致电 12345）" in sms.received[0].json["markdown"]["text"]


# --- the preference page -------------------------------------------------------------------------


def test_a_user_sets_their_own_channels_numbers_and_quiet_hours(client, sms, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("notifications:preferences"),
        {
            "channels": ["sms"],
            "sms_phone": "138-0000-1234",
            "family_phone": "13900005678",
            "quiet_start": "20:00",
            "quiet_end": "07:30",
            "daily_cap": "3",
            "digest": "on",
        },
    )
    assert response.status_code == 302
    saved = Preference.objects.get(user=secretary)
    assert saved.channels == ["sms"]
    assert (saved.sms_phone, saved.family_phone) == ("13800001234", "13900005678")
    assert (saved.quiet_start, saved.quiet_end, saved.daily_cap) == (time(20), time(7, 30), 3)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "20:00–07:30" in page and "短信" in page


def test_bad_preference_input_is_explained_and_saves_nothing(client, sms, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("notifications:preferences"),
        {"channels": ["sms"], "sms_phone": "12345", "quiet_start": "21:00", "daily_cap": "500"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "请输入 11 位手机号码" in body
    assert "免打扰的开始和结束时间须同时填写" in body
    assert "每日上限不能超过 50 条" in body
    assert not Preference.objects.filter(user=secretary).exists()


def test_a_channel_that_is_not_enabled_cannot_be_chosen(client, settings, secretary):
    settings.REMINDER_CHANNELS = ["inapp", "email"]
    client.force_login(secretary)
    response = client.post(reverse("notifications:preferences"), {"channels": ["sms"]})
    assert response.status_code == 200
    assert not Preference.objects.filter(user=secretary).exists()


# --- the delivery report ---------------------------------------------------------------------


def test_the_sender_sees_each_channels_attempts_answers_and_state(
    client, sms, staff_a, bureau_staff
):
    reach(staff_a, "dingtalk", "sms")  # no mobile: SMS cannot go
    reminder = ReminderFactory(recipient=staff_a, subject="走访提醒")
    reminders_deliver(now=daytime())
    client.force_login(bureau_staff)  # staff above the recipient follow up their reminders
    response = client.get(reverse("notifications:deliveries", args=[reminder.pk]))
    assert response.status_code == 200
    rows = {d.channel: d for d in response.context["deliveries"]}
    assert rows["dingtalk"].status == "sent" and rows["sms"].status == "skipped"
    body = response.content.decode()
    assert "钉钉群机器人" in body and "已发送" in body and "errcode" in body
    assert "无法送达" in body and "接收人没有登记手机号" in body


def test_a_delivery_report_of_another_scope_is_a_404(client, staff_a, staff_b):
    reminder = ReminderFactory(recipient=staff_b)
    client.force_login(staff_a)
    assert client.get(reverse("notifications:deliveries", args=[reminder.pk])).status_code == 404


def test_failures_by_reason_per_week_for_staff(client, sms, staff_a, secretary):
    sms.respond = lambda seen: (200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "bad"})
    reach(secretary, "sms", sms_phone="13800001234")
    ReminderFactory(recipient=secretary)
    reminders_deliver(now=daytime())
    client.force_login(staff_a)
    response = client.get(reverse("notifications:report"))
    [row] = response.context["table"]["rows"]
    assert (row["reason"], row["total"], row["counts"][-1]) == ("invalid_recipient", 1, 1)
    assert "号码或接收人无效" in response.content.decode()


def test_the_failure_report_is_for_staff_only(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("notifications:report")).status_code == 403
    assert client.get(reverse("notifications:test_notice")).status_code == 403


def test_the_failure_report_queries_do_not_grow_with_rows(
    client, sms, staff_a, django_assert_max_num_queries
):
    sms.respond = lambda seen: (200, {"Code": "isp.SYSTEM_ERROR", "Message": "busy"})
    reach(staff_a, "sms", sms_phone="13800001234", digest=False, daily_cap=0)
    ReminderFactory.create_batch(20, recipient=staff_a)
    reminders_deliver(now=daytime())
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:report"))
    assert response.context["table"]["rows"][0]["total"] >= 3


# --- test message ----------------------------------------------------------------------------


def test_send_test_notice_prints_the_providers_answer(sms, capsys):
    call_command("send_test_notice", "--channel", "dingtalk", "--to", "13800001234")
    out = capsys.readouterr().out
    assert "发送成功" in out and '"errcode": 0' in out
    assert sms.received[0].json["at"]["atMobiles"] == ["13800001234"]
    assert TOKEN not in out


def test_send_test_notice_sends_an_sms_with_a_verified_signature(sms, capsys):
    call_command("send_test_notice", "--channel", "sms", "--to", "13800001234")
    assert aliyun_signature_ok(sms.received[0])
    assert "BizId" in capsys.readouterr().out


def test_send_test_notice_fails_with_the_redacted_answer(sms):
    sms.respond = lambda seen: (
        200,
        {"errcode": 310000, "errmsg": f"sign not match {seen.raw_query}"},
    )
    with pytest.raises(CommandError) as error:
        call_command("send_test_notice", "--channel", "dingtalk")
    assert "310000" in str(error.value) and TOKEN not in str(error.value)


def test_send_test_notice_refuses_an_sms_without_a_mobile(sms):
    with pytest.raises(CommandError, match="11 位手机号码"):
        call_command("send_test_notice", "--channel", "sms", "--to", "abc")
    assert sms.received == []


def test_staff_send_a_test_message_from_the_page(client, sms, staff_a):
    client.force_login(staff_a)
    response = client.post(reverse("notifications:test_notice"), {"channel": "wecom", "to": ""})
    assert "发送失败" in response.content.decode()  # 企业微信 not configured here
    assert "未配置 WECOM_WEBHOOK_URL" in response.content.decode()
    response = client.post(reverse("notifications:test_notice"), {"channel": "dingtalk", "to": ""})
    assert "发送成功" in response.content.decode() and len(sms.received) == 1


def test_the_test_page_explains_bad_input(client, sms, staff_a):
    client.force_login(staff_a)
    response = client.post(reverse("notifications:test_notice"), {"channel": "sms", "to": "1"})
    assert "短信测试请填写 11 位手机号码" in response.content.decode()
    assert sms.received == []


# --- admin ---------------------------------------------------------------------------------------


def test_staff_open_the_notification_admin_pages_of_their_scope(
    client, staff_a, staff_b, district_a
):
    mine = reach(staff_a, "dingtalk")
    reach(staff_b, "dingtalk")
    SenderIdentity.objects.create(unit=district_a, name="东城区委老干部局", phone="010-1")
    client.force_login(staff_a)
    response = client.get(reverse("admin:notifications_preference_changelist"))
    assert [p.pk for p in response.context["cl"].result_list] == [mine.pk]
    for name in ("senderidentity", "dispatch"):
        assert client.get(reverse(f"admin:notifications_{name}_changelist")).status_code == 200
    page = client.get(reverse("admin:notifications_preference_change", args=[mine.pk]))
    assert "钉钉群机器人" in page.content.decode()


def test_the_admin_action_sends_a_test_message_through_the_users_channels(client, sms, staff_a):
    preference = reach(staff_a, "dingtalk", dingtalk_mobile="13800001234")
    client.force_login(staff_a)
    response = client.post(
        reverse("admin:notifications_preference_changelist"),
        {"action": "send_test_notice", "_selected_action": [preference.pk]},
        follow=True,
    )
    body = response.content.decode()
    assert "钉钉群机器人：发送成功" in body and TOKEN not in body
    assert sms.received[0].json["at"]["atMobiles"] == ["13800001234"]


def test_the_admin_refuses_a_bad_mobile_in_a_preference(client, staff_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("admin:notifications_preference_add"),
        {"user": staff_a.pk, "sms_phone": "abc", "digest": "on"},
    )
    assert "请输入 11 位手机号码" in response.content.decode()
    assert not Preference.objects.exists()
