"""The provider adapters against local stand-ins that check each request as the provider's
documentation specifies (signature recomputed here, independently of the adapter), and answer
with the providers' own error codes."""

import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.parse
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.notifications.delivery import reminders_deliver, retry_delay
from apps.notifications.models import Delivery, Dispatch, Preference
from apps.notifications.sms import aliyun_signature, percent_encode

from .factories import ReminderFactory

TOKEN = "robot-token-7f3a9c1d2e"
SECRET = "SECd1e2f3a4b5c6d7e8f9"
KEY = "wecom-key-5b6c7d8e9f"
AK_ID = "LTAI-test-access-id"
AK_SECRET = "ak-secret-0123456789"


def daytime():
    return timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)


def reach(user, *channels, **fields):
    return Preference.objects.create(user=user, channels=list(channels), **fields)


@pytest.fixture
def dingtalk(settings, provider):
    settings.REMINDER_CHANNELS = ["inapp", "dingtalk"]
    settings.DINGTALK_WEBHOOK_URL = f"{provider.url}/robot/send?access_token={TOKEN}"
    settings.DINGTALK_SECRET = SECRET
    settings.DINGTALK_MSGTYPE = "markdown"
    return provider


@pytest.fixture
def wecom(settings, provider):
    settings.REMINDER_CHANNELS = ["inapp", "wecom"]
    settings.WECOM_WEBHOOK_URL = f"{provider.url}/cgi-bin/webhook/send?key={KEY}"
    return provider


@pytest.fixture
def aliyun(settings, provider):
    settings.REMINDER_CHANNELS = ["inapp", "sms"]
    settings.SMS_PROVIDER = "aliyun"
    settings.ALIYUN_SMS_ENDPOINT = f"{provider.url}/"
    settings.ALIYUN_SMS_ACCESS_KEY_ID = AK_ID
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = AK_SECRET
    settings.ALIYUN_SMS_SIGN_NAME = "市委老干部局"
    settings.ALIYUN_SMS_TEMPLATE_CODE = "SMS_123456789"
    provider.respond = lambda seen: (
        200,
        {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": "F655A8D5"},
    )
    return provider


# --- 钉钉 ----------------------------------------------------------------------------------------


def dingtalk_sign_ok(seen, secret=SECRET) -> bool:
    """The documented 加签: base64(HmacSHA256(secret, timestamp + "\\n" + secret)), URL-encoded."""
    timestamp = seen.query.get("timestamp", "")
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    in_time = timestamp.isdigit() and abs(int(timestamp) - time.time() * 1000) < 3600 * 1000
    encoded = f"sign={urllib.parse.quote_plus(expected)}"
    return in_time and seen.query.get("sign") == expected and encoded in seen.raw_query


def test_dingtalk_posts_a_signed_markdown_message_that_mentions_the_recipient(dingtalk, staff_a):
    staff_a.phone = "13800001111"
    staff_a.save()
    reach(staff_a, "dingtalk")
    ReminderFactory(recipient=staff_a, subject="王某某 80 岁生日走访")
    assert reminders_deliver(now=daytime()) == 1
    [seen] = dingtalk.received
    assert seen.path == "/robot/send" and seen.query["access_token"] == TOKEN
    assert dingtalk_sign_ok(seen)
    assert seen.headers["content-type"].startswith("application/json")
    body = seen.json
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == "王某某 80 岁生日走访"
    assert "王某某 80 岁生日走访" in body["markdown"]["text"]
    assert "@13800001111" in body["markdown"]["text"]
    assert body["at"] == {"atMobiles": ["13800001111"], "isAtAll": False}
    delivery = Delivery.objects.get(channel="dingtalk")
    assert (delivery.status, delivery.attempts) == ("sent", 1)
    assert json.loads(Dispatch.objects.get().answer) == {"errcode": 0}


def test_dingtalk_text_msgtype_carries_the_content_and_the_mention(dingtalk, settings, staff_a):
    settings.DINGTALK_MSGTYPE = "text"
    reach(staff_a, "dingtalk", dingtalk_mobile="13900002222")
    ReminderFactory(recipient=staff_a, subject="补贴到期")
    reminders_deliver(now=daytime())
    body = dingtalk.received[0].json
    assert body["msgtype"] == "text"
    assert "补贴到期" in body["text"]["content"] and "@13900002222" in body["text"]["content"]
    assert body["at"]["atMobiles"] == ["13900002222"]


def test_dingtalk_without_a_secret_posts_the_plain_webhook(dingtalk, settings, staff_a):
    settings.DINGTALK_SECRET = ""
    reach(staff_a, "dingtalk")
    ReminderFactory(recipient=staff_a)
    reminders_deliver(now=daytime())
    assert "sign" not in dingtalk.received[0].query


def test_dingtalk_rate_limit_is_retried_later_and_pauses_the_channel(dingtalk, staff_a, staff_b):
    dingtalk.respond = lambda seen: (200, {"errcode": 130101, "errmsg": "send too fast"})
    reach(staff_a, "dingtalk")
    reach(staff_b, "dingtalk")
    ReminderFactory(recipient=staff_a)
    ReminderFactory(recipient=staff_b)
    now = daytime()
    assert reminders_deliver(now=now) == 0
    assert len(dingtalk.received) == 1  # the robot said stop: the second is not tried this run
    failed = Delivery.objects.get(status="failed")
    assert failed.last_reason == "rate_limited" and failed.attempts == 1
    # throttled for 10 minutes: the retry waits at least that long, not the 60 s back-off
    assert failed.next_attempt_at == now + timedelta(seconds=600)
    assert Delivery.objects.get(status="pending").attempts == 0


def test_dingtalk_bad_signature_gives_up_at_once(dingtalk, settings, staff_a):
    def respond(seen):
        if not dingtalk_sign_ok(seen, secret="SECthe-one-the-robot-has"):
            return 200, {"errcode": 310000, "errmsg": "sign not match"}
        return 200, {"errcode": 0, "errmsg": "ok"}

    dingtalk.respond = respond
    reach(staff_a, "dingtalk")
    ReminderFactory(recipient=staff_a)
    reminders_deliver(now=daytime())
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_reason) == (
        "gave_up",
        1,
        "bad_signature",
    )
    assert "310000" in delivery.last_error
    settings.DINGTALK_SECRET = "SECthe-one-the-robot-has"
    assert reminders_deliver(now=daytime() + timedelta(hours=1)) == 0  # not retried


# --- 企业微信 ------------------------------------------------------------------------------------


def test_wecom_posts_markdown_to_the_webhook_with_its_key(wecom, staff_a):
    reach(staff_a, "wecom")
    ReminderFactory(recipient=staff_a, subject="整改逾期提醒")
    assert reminders_deliver(now=daytime()) == 1
    [seen] = wecom.received
    assert seen.path == "/cgi-bin/webhook/send" and seen.query == {"key": KEY}
    body = seen.json
    assert set(body) == {"msgtype", "markdown"} and body["msgtype"] == "markdown"
    assert "整改逾期提醒" in body["markdown"]["content"]
    assert len(body["markdown"]["content"].encode()) <= 4096


def test_wecom_rate_limit_is_retried_and_an_invalid_key_is_not(wecom, staff_a, staff_b):
    answers = {staff_a.username: 45009, staff_b.username: 93000}

    def respond(seen):
        who = next(name for name in answers if name in seen.json["markdown"]["content"])
        return 200, {"errcode": answers[who], "errmsg": "refused"}

    staff_a.full_name, staff_b.full_name = staff_a.username, staff_b.username
    staff_a.save()
    staff_b.save()
    wecom.respond = respond
    reach(staff_a, "wecom")
    reach(staff_b, "wecom")
    ReminderFactory(recipient=staff_a)
    ReminderFactory(recipient=staff_b)
    now = daytime()
    reminders_deliver(now=now)
    reminders_deliver(now=now + timedelta(minutes=5))  # the channel paused after the limit
    limited = Delivery.objects.get(reminder__recipient=staff_a)
    refused = Delivery.objects.get(reminder__recipient=staff_b)
    assert (limited.status, limited.last_reason) == ("failed", "rate_limited")
    assert limited.next_attempt_at >= now + timedelta(seconds=60)
    assert (refused.status, refused.last_reason) == ("gave_up", "bad_signature")


# --- 阿里云短信 ----------------------------------------------------------------------------------


def aliyun_percent(value: str) -> str:
    """The documentation's recipe: form-encode, then + → %20, * → %2A, %7E → ~."""
    return (
        urllib.parse.quote_plus(value, safe="")
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~")
    )


def aliyun_signature_ok(seen, secret=AK_SECRET) -> bool:
    form = seen.form
    signature = form.pop("Signature", "")
    canonical = "&".join(
        f"{aliyun_percent(k)}={aliyun_percent(v)}" for k, v in sorted(form.items())
    )
    string_to_sign = f"POST&{aliyun_percent('/')}&{aliyun_percent(canonical)}"
    expected = base64.b64encode(
        hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    ).decode()
    return signature == expected


def test_aliyun_signature_matches_the_documented_example():
    # The worked example of 阿里云短信's 签名机制 page (GET, AccessKeySecret "testSecret").
    params = {
        "AccessKeyId": "testId",
        "Action": "SendSms",
        "Format": "XML",
        "OutId": "123",
        "PhoneNumbers": "15300000001",
        "RegionId": "cn-hangzhou",
        "SignName": "阿里云短信测试专用",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
        "SignatureVersion": "1.0",
        "TemplateCode": "SMS_71390007",
        "TemplateParam": '{"customer":"test"}',
        "Timestamp": "2017-07-12T02:42:19Z",
        "Version": "2017-05-25",
    }
    assert (
        aliyun_signature(params, secret="testSecret", method="GET")
        == "zJDF+Lrzhj/ThnlvIToysFRq6t4="
    )


def test_aliyun_percent_encoding_is_rfc3986():
    assert percent_encode("a b*~-_.") == "a%20b%2A~-_."
    assert percent_encode("老干部") == "%E8%80%81%E5%B9%B2%E9%83%A8"
    assert percent_encode('{"k":"v"}') == "%7B%22k%22%3A%22v%22%7D"


def test_an_sms_is_a_signed_sendsms_with_template_parameters_to_cadre_and_family(aliyun, secretary):
    secretary.phone = "138 0000 3333"
    secretary.save()
    reach(secretary, "sms", family_phone="13900004444")
    ReminderFactory(recipient=secretary, subject="主题党日未录入")
    assert reminders_deliver(now=daytime()) == 1
    [seen] = aliyun.received
    assert seen.headers["content-type"].startswith("application/x-www-form-urlencoded")
    assert aliyun_signature_ok(seen)
    form = seen.form
    assert form["Action"] == "SendSms" and form["Version"] == "2017-05-25"
    assert form["Format"] == "JSON" and form["RegionId"] == "cn-hangzhou"
    assert form["SignatureMethod"] == "HMAC-SHA1" and form["SignatureVersion"] == "1.0"
    assert form["AccessKeyId"] == AK_ID and form["SignName"] == "市委老干部局"
    assert form["TemplateCode"] == "SMS_123456789"
    assert form["PhoneNumbers"] == "13800003333,13900004444"
    assert len(form["SignatureNonce"]) >= 16
    stamp = form["Timestamp"]
    assert stamp.endswith("Z") and len(stamp) == 20 and stamp[10] == "T"
    params = json.loads(form["TemplateParam"])
    assert set(params) == {"sender", "kind", "count", "subject", "phone"}
    assert params["subject"] == "主题党日未录入" and params["count"] == "1"
    assert all(len(v) <= 35 for v in params.values())
    assert "Message" not in form and "Content" not in form  # a template, never free text


@pytest.mark.parametrize(
    ("code", "status", "reason", "retried"),
    [
        ("isv.BUSINESS_LIMIT_CONTROL", "failed", "rate_limited", True),
        ("isv.MOBILE_NUMBER_ILLEGAL", "gave_up", "invalid_recipient", False),
        ("isv.SMS_TEMPLATE_ILLEGAL", "gave_up", "provider_refused", False),
        ("isp.SYSTEM_ERROR", "failed", "server_error", True),
    ],
)
def test_aliyun_error_codes_map_onto_retry_or_give_up(
    aliyun, secretary, code, status, reason, retried
):
    aliyun.respond = lambda seen: (200, {"Code": code, "Message": "refused", "RequestId": "R1"})
    reach(secretary, "sms", sms_phone="13800005555")
    ReminderFactory(recipient=secretary)
    now = daytime()
    reminders_deliver(now=now)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_reason) == (status, reason)
    assert code in delivery.last_error
    if retried:
        assert delivery.next_attempt_at >= now + retry_delay(1)
    assert Dispatch.objects.get().reason == reason


def test_an_sms_the_provider_cannot_verify_gives_up_as_a_bad_signature(aliyun, settings, secretary):
    def respond(seen):
        if not aliyun_signature_ok(seen, secret="the-real-secret"):
            return 400, {
                "Code": "SignatureDoesNotMatch",
                "Message": "Specified signature is not matched",
            }
        return 200, {"Code": "OK", "Message": "OK", "BizId": "1", "RequestId": "R"}

    aliyun.respond = respond
    reach(secretary, "sms", sms_phone="13800006666")
    ReminderFactory(recipient=secretary)
    reminders_deliver(now=daytime())
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_reason) == ("gave_up", "bad_signature")
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = "the-real-secret"
    ReminderFactory(recipient=secretary)
    assert reminders_deliver(now=daytime() + timedelta(minutes=1)) == 1


def test_an_sms_to_someone_without_a_mobile_is_skipped_not_retried(aliyun, secretary):
    reach(secretary, "sms")
    ReminderFactory(recipient=secretary)
    reminders_deliver(now=daytime())
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_reason) == ("skipped", "no_address")
    assert aliyun.received == []


def test_an_unconfigured_channel_is_skipped_as_not_configured(aliyun, settings, secretary):
    settings.ALIYUN_SMS_ACCESS_KEY_ID = ""
    reach(secretary, "sms", sms_phone="13800007777")
    ReminderFactory(recipient=secretary)
    reminders_deliver(now=daytime())
    assert Delivery.objects.get().last_reason == "not_configured"


# --- secrets -------------------------------------------------------------------------------------


def test_a_failing_robot_leaves_no_token_or_signature_in_logs_rows_or_admin(
    dingtalk, staff_a, caplog, client
):
    # The stand-in echoes the URL it was called with, as some gateways do in their errors.
    dingtalk.respond = lambda seen: (
        502,
        {"error": f"bad gateway for /robot/send?{seen.raw_query}"},
    )
    reach(staff_a, "dingtalk")
    ReminderFactory(recipient=staff_a)
    with caplog.at_level(logging.INFO):
        reminders_deliver(now=daytime())
    sign = dingtalk.received[0].query["sign"]
    secrets = [TOKEN, SECRET, sign, urllib.parse.quote_plus(sign)]
    delivery = Delivery.objects.get()
    dispatch = Dispatch.objects.get()
    assert delivery.status == "failed" and "502" in delivery.last_error
    assert "access_token=***" in dispatch.answer
    stored = [delivery.last_error, dispatch.answer, caplog.text]
    assert [s for s in secrets for text in stored if s in text] == []
    client.force_login(staff_a)
    for name in ("delivery", "dispatch"):
        page = client.get(f"/admin/notifications/{name}/").content.decode()
        assert [s for s in secrets if s in page] == []
    page = client.get(f"/notifications/{delivery.reminder_id}/deliveries/").content.decode()
    assert "502" in page and [s for s in secrets if s in page] == []


def test_sms_keys_never_reach_the_stored_answer(aliyun, secretary, caplog):
    aliyun.respond = lambda seen: (
        400,
        {
            "Code": "InvalidAccessKeyId.NotFound",
            "Message": f"AccessKeyId={AK_ID} not found",
            "Recommend": seen.body.decode(),
        },
    )
    reach(secretary, "sms", sms_phone="13800008888")
    ReminderFactory(recipient=secretary)
    with caplog.at_level(logging.INFO):
        reminders_deliver(now=daytime())
    dispatch = Dispatch.objects.get()
    delivery = Delivery.objects.get()
    assert delivery.last_reason == "bad_signature"
    for text in (dispatch.answer, delivery.last_error, caplog.text):
        assert AK_ID not in text and AK_SECRET not in text
        assert "Signature=" not in text or "Signature=***" in text
