"""Group robots: 钉钉 custom robot and 企业微信 group robot, each one webhook into a work group.

钉钉 (open.dingtalk.com, 自定义机器人): POST JSON to the webhook (with `access_token`); with
加签 the URL also gets `timestamp` (ms) and `sign` = urlEncode(base64(HmacSHA256(key=secret,
msg=timestamp + "\\n" + secret))). msgtype `text` ({"text": {"content"}}) or `markdown`
({"markdown": {"title", "text"}}); `at.atMobiles` names whom to @ (markdown must also carry
"@mobile" in its text). Answer {"errcode": 0, "errmsg": "ok"}; 130101 = sending too fast (20 a
minute, then throttled for 10 minutes), 310000 = security check failed (sign, keyword, IP),
300001 = token does not exist.

企业微信 (developer.work.weixin.qq.com, 群机器人): POST JSON to the webhook (with `key`),
{"msgtype": "markdown", "markdown": {"content"}} (≤ 4096 bytes). Answer {"errcode": 0}; 45009 =
rate limit (20 a minute), 93000 = invalid webhook (wrong key).
"""

import base64
import hashlib
import hmac
import time
import urllib.parse

from django.conf import settings

from .models import FailureReason
from .push import ChannelError, NotConfigured, PushChannel, parse_json, post_json, server_error


def dingtalk_sign(*, timestamp_ms: int, secret: str) -> str:
    """The 加签 `sign` value, already URL-encoded for the query string."""
    string_to_sign = f"{timestamp_ms}\n{secret}"
    digest = hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha256).digest()
    return urllib.parse.quote(base64.b64encode(digest).decode(), safe="")


def dingtalk_signed_url(url: str, *, secret: str, timestamp_ms: int | None = None) -> str:
    if not secret:
        return url
    timestamp_ms = timestamp_ms if timestamp_ms is not None else int(time.time() * 1000)
    sign = dingtalk_sign(timestamp_ms=timestamp_ms, secret=secret)
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp_ms}&sign={sign}"


def _mobile(preference, user) -> str:
    mobile = (preference.dingtalk_mobile if preference else "") or getattr(user, "phone", "")
    return "".join(ch for ch in mobile if ch.isdigit())


DINGTALK_RATE_LIMIT = {130101, 410100}
DINGTALK_BAD_CREDENTIALS = {310000, 300001, 300005}


class DingTalkChannel(PushChannel):
    code, label = "dingtalk", "钉钉群机器人"

    def configured(self) -> bool:
        return bool(settings.DINGTALK_WEBHOOK_URL)

    def payload(self, message) -> dict:
        from .preferences import preference_for

        mobile = _mobile(preference_for(message.recipient), message.recipient)
        at = {"atMobiles": [mobile] if mobile else [], "isAtAll": False}
        if settings.DINGTALK_MSGTYPE == "text":
            content = message.text() + (f"\n@{mobile}" if mobile else "")
            return {"msgtype": "text", "text": {"content": content}, "at": at}
        return {
            "msgtype": "markdown",
            "markdown": {"title": message.subject[:60], "text": message.markdown(mention=mobile)},
            "at": at,
        }

    def deliver(self, message) -> str:
        if not settings.DINGTALK_WEBHOOK_URL:
            raise NotConfigured("未配置 DINGTALK_WEBHOOK_URL")
        url = dingtalk_signed_url(settings.DINGTALK_WEBHOOK_URL, secret=settings.DINGTALK_SECRET)
        status, answer = post_json(url, self.payload(message))
        if status >= 300:
            raise server_error(status, answer)
        data = parse_json(answer)
        code = data.get("errcode")
        if code == 0:
            return answer
        errmsg = str(data.get("errmsg", ""))[:200]
        if code in DINGTALK_RATE_LIMIT:
            raise ChannelError(
                f"钉钉限流（errcode {code}）：{errmsg}",
                reason=FailureReason.RATE_LIMITED,
                answer=answer,
                retry_after=600,
            )
        if code in DINGTALK_BAD_CREDENTIALS:
            raise ChannelError(
                f"钉钉安全校验未通过（errcode {code}）：{errmsg}",
                reason=FailureReason.BAD_SIGNATURE,
                retryable=False,
                answer=answer,
            )
        if code is None:
            raise ChannelError(
                "钉钉应答无法识别", reason=FailureReason.SERVER_ERROR, answer=answer[:2000]
            )
        raise ChannelError(
            f"钉钉拒绝（errcode {code}）：{errmsg}",
            reason=FailureReason.PROVIDER_REFUSED,
            answer=answer,
        )


WECOM_RATE_LIMIT = {45009, 45033}
WECOM_BAD_CREDENTIALS = {93000, 40001, 40014, 42001}
WECOM_BAD_CONTENT = {40008, 40058, 44004, 40035}
WECOM_MAX_BYTES = 4096


def _fit(text: str, limit: int) -> str:
    data = text.encode()
    if len(data) <= limit:
        return text
    return data[: limit - len("…".encode())].decode("utf-8", "ignore") + "…"


class WeComChannel(PushChannel):
    code, label = "wecom", "企业微信群机器人"

    def configured(self) -> bool:
        return bool(settings.WECOM_WEBHOOK_URL)

    def payload(self, message) -> dict:
        return {
            "msgtype": "markdown",
            "markdown": {"content": _fit(message.markdown(), WECOM_MAX_BYTES)},
        }

    def deliver(self, message) -> str:
        if not settings.WECOM_WEBHOOK_URL:
            raise NotConfigured("未配置 WECOM_WEBHOOK_URL")
        status, answer = post_json(settings.WECOM_WEBHOOK_URL, self.payload(message))
        if status >= 300:
            raise server_error(status, answer)
        data = parse_json(answer)
        code = data.get("errcode")
        if code == 0:
            return answer
        errmsg = str(data.get("errmsg", ""))[:200]
        if code in WECOM_RATE_LIMIT:
            raise ChannelError(
                f"企业微信限流（errcode {code}）：{errmsg}",
                reason=FailureReason.RATE_LIMITED,
                answer=answer,
                retry_after=60,
            )
        if code in WECOM_BAD_CREDENTIALS:
            raise ChannelError(
                f"企业微信机器人地址或 key 无效（errcode {code}）：{errmsg}",
                reason=FailureReason.BAD_SIGNATURE,
                retryable=False,
                answer=answer,
            )
        if code in WECOM_BAD_CONTENT:
            raise ChannelError(
                f"企业微信拒绝消息内容（errcode {code}）：{errmsg}",
                reason=FailureReason.PROVIDER_REFUSED,
                retryable=False,
                answer=answer,
            )
        raise ChannelError(
            f"企业微信返回错误（errcode {code}）：{errmsg}",
            reason=FailureReason.SERVER_ERROR if code is None or code < 0 else FailureReason.OTHER,
            answer=answer[:2000],
        )
