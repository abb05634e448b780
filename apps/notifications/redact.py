"""Secrets never leave this process in a log line, a stored answer or an error message.

A robot's webhook URL is itself the credential (钉钉 `access_token`, 企业微信 `key`), and a
signed URL carries `sign`/`timestamp`; an SMS request carries `AccessKeyId` and `Signature`.
Every string that may contain one of them goes through `redact()` before it is logged, stored
in a Delivery/Dispatch row or shown in the admin.
"""

import re

from django.conf import settings

MASK = "***"

# Query parameters (and JSON/form fields) whose value is a credential.
SECRET_PARAMS = (
    "access_token",
    "key",
    "sign",
    "signature",
    "accesskeyid",
    "accesskeysecret",
    "secret",
    "token",
    "password",
)
_PARAM = re.compile(
    r"(?i)(?P<name>\b(?:" + "|".join(SECRET_PARAMS) + r"))(?P<sep>=|%3D)(?P<value>[^&\s\"'<>]+)"
)
_JSON = re.compile(r'(?i)(?P<name>"(?:' + "|".join(SECRET_PARAMS) + r')"\s*:\s*)"(?P<value>[^"]*)"')


def _configured_secrets() -> list[str]:
    values = [
        settings.DINGTALK_SECRET,
        settings.ALIYUN_SMS_ACCESS_KEY_SECRET,
        settings.ALIYUN_SMS_ACCESS_KEY_ID,
    ]
    for url in (settings.DINGTALK_WEBHOOK_URL, settings.WECOM_WEBHOOK_URL):
        # The token/key inside a configured URL, should it appear without its parameter name.
        values += [m.group("value") for m in _PARAM.finditer(url or "")]
    return [v for v in values if v and len(v) >= 6]


def redact(text) -> str:
    """`text` with every credential replaced by ***; safe on any str (or object via str())."""
    if text is None:
        return ""
    text = str(text)
    text = _PARAM.sub(lambda m: f"{m.group('name')}{m.group('sep')}{MASK}", text)
    text = _JSON.sub(lambda m: f'{m.group("name")}"{MASK}"', text)
    for secret in sorted(_configured_secrets(), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text
