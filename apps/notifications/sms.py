"""SMS: a channel in front of a provider interface, and one real provider, 阿里云短信 SendSms.

Operators only deliver texts from an approved template with a registered sign name, so a
provider gets the template's parameters, never free text. The template the bureau registers
takes the variables of `Message.sms_params()`: sender, kind, count, subject, phone, e.g.
"${sender}提醒您：${subject}（共${count}条${kind}），详询${phone}".

阿里云 SendSms (dysmsapi, API version 2017-05-25) with the RPC signature, version 1.0:
- parameters: the common ones (AccessKeyId, Action=SendSms, Format=JSON, RegionId,
  SignatureMethod=HMAC-SHA1, SignatureNonce, SignatureVersion=1.0, Timestamp in UTC ISO 8601
  yyyy-MM-ddTHH:mm:ssZ, Version) and PhoneNumbers (comma-separated), SignName, TemplateCode,
  TemplateParam (a JSON object);
- canonicalised query: parameters sorted by name, names and values percent-encoded as RFC 3986
  (A-Z a-z 0-9 - _ . ~ kept, space as %20 not +, * as %2A, UTF-8 bytes as %XY), joined
  name=value with &;
- StringToSign = HTTPMethod + "&" + percentEncode("/") + "&" + percentEncode(canonicalised);
- Signature = Base64(HMAC-SHA1(key = AccessKeySecret + "&", StringToSign)), sent as the
  `Signature` parameter. We POST the parameters as an application/x-www-form-urlencoded body
  (phone numbers stay out of URLs and access logs).
Answer: {"Code": "OK", "Message": "OK", "BizId": …, "RequestId": …}; errors carry another
Code: isv.BUSINESS_LIMIT_CONTROL (rate control), isv.MOBILE_NUMBER_ILLEGAL, SignatureDoesNotMatch
(HTTP 400), isv.SMS_TEMPLATE_ILLEGAL, isv.AMOUNT_NOT_ENOUGH, isp.SYSTEM_ERROR …
"""

import base64
import hashlib
import hmac
import json
import re
import urllib.parse
import uuid
from datetime import UTC, datetime

from django.conf import settings

from .channels import Undeliverable
from .models import FailureReason
from .push import ChannelError, NotConfigured, PushChannel, http_request, parse_json, server_error

MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalise_mobile(value: str) -> str:
    digits = "".join(ch for ch in value or "" if ch.isdigit())
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits if MOBILE.match(digits) else ""


class SmsProvider:
    code = ""

    def configured(self) -> bool:
        raise NotImplementedError

    def send(self, *, phones: list[str], params: dict[str, str]) -> str:
        """Send one templated text to `phones`; return the provider's answer, or raise
        ChannelError / Undeliverable."""
        raise NotImplementedError


def percent_encode(value: str) -> str:
    return urllib.parse.quote(str(value), safe="-_.~")


def aliyun_canonical_query(params: dict[str, str]) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))


def aliyun_signature(params: dict[str, str], *, secret: str, method: str = "POST") -> str:
    string_to_sign = (
        f"{method}&{percent_encode('/')}&{percent_encode(aliyun_canonical_query(params))}"
    )
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


ALIYUN_RATE_LIMIT = {
    "isv.BUSINESS_LIMIT_CONTROL",
    "isv.DAY_LIMIT_CONTROL",
    "Throttling",
    "Throttling.User",
    "Throttling.Api",
}
ALIYUN_BAD_CREDENTIALS = {
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "InvalidAccessKeyId.NotFound",
    "InvalidAccessKeyId.Inactive",
    "InvalidTimeStamp.Expired",
    "Forbidden.RAM",
    "isp.RAM_PERMISSION_DENY",
}
ALIYUN_BAD_RECIPIENT = {"isv.MOBILE_NUMBER_ILLEGAL", "isv.MOBILE_COUNT_OVER_LIMIT"}
ALIYUN_REFUSED = {
    "isv.SMS_SIGNATURE_ILLEGAL",
    "isv.SMS_TEMPLATE_ILLEGAL",
    "isv.TEMPLATE_MISSING_PARAMETERS",
    "isv.TEMPLATE_PARAMS_ILLEGAL",
    "isv.PARAM_LENGTH_LIMIT",
    "isv.INVALID_PARAMETERS",
    "isv.INVALID_JSON_PARAM",
    "isv.AMOUNT_NOT_ENOUGH",
    "isv.OUT_OF_SERVICE",
    "isv.BLACK_KEY_CONTROL_LIMIT",
    "isv.ACCOUNT_ABNORMAL",
    "isv.DENY_IP_RANGE",
}


class AliyunSmsProvider(SmsProvider):
    code = "aliyun"
    version = "2017-05-25"

    def configured(self) -> bool:
        return all(
            [
                settings.ALIYUN_SMS_ACCESS_KEY_ID,
                settings.ALIYUN_SMS_ACCESS_KEY_SECRET,
                settings.ALIYUN_SMS_SIGN_NAME,
                settings.ALIYUN_SMS_TEMPLATE_CODE,
            ]
        )

    def request_params(
        self, *, phones: list[str], params: dict[str, str], now: datetime | None = None
    ) -> dict[str, str]:
        now = now or datetime.now(UTC)
        return {
            "AccessKeyId": settings.ALIYUN_SMS_ACCESS_KEY_ID,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": ",".join(phones),
            "RegionId": settings.ALIYUN_SMS_REGION,
            "SignName": settings.ALIYUN_SMS_SIGN_NAME,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": settings.ALIYUN_SMS_TEMPLATE_CODE,
            "TemplateParam": json.dumps(params, ensure_ascii=False, separators=(",", ":")),
            "Timestamp": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": self.version,
        }

    def send(self, *, phones: list[str], params: dict[str, str]) -> str:
        if not self.configured():
            raise NotConfigured("未配置阿里云短信（AccessKey、签名或模板）")
        query = self.request_params(phones=phones, params=params)
        signature = aliyun_signature(query, secret=settings.ALIYUN_SMS_ACCESS_KEY_SECRET)
        body = f"Signature={percent_encode(signature)}&{aliyun_canonical_query(query)}"
        status, answer = http_request(
            settings.ALIYUN_SMS_ENDPOINT,
            body=body.encode(),
            content_type="application/x-www-form-urlencoded; charset=utf-8",
        )
        data = parse_json(answer)
        code = str(data.get("Code", ""))
        if status < 300 and code == "OK":
            return answer
        message = str(data.get("Message", ""))[:200]
        if code in ALIYUN_RATE_LIMIT:
            raise ChannelError(
                f"短信流控（{code}）：{message}",
                reason=FailureReason.RATE_LIMITED,
                answer=answer,
                retry_after=3600,
            )
        if code in ALIYUN_BAD_CREDENTIALS:
            raise ChannelError(
                f"短信签名或 AccessKey 校验失败（{code}）：{message}",
                reason=FailureReason.BAD_SIGNATURE,
                retryable=False,
                answer=answer,
            )
        if code in ALIYUN_BAD_RECIPIENT:
            raise ChannelError(
                f"手机号无效（{code}）：{message}",
                reason=FailureReason.INVALID_RECIPIENT,
                retryable=False,
                answer=answer,
            )
        if code in ALIYUN_REFUSED:
            raise ChannelError(
                f"短信服务拒绝（{code}）：{message}",
                reason=FailureReason.PROVIDER_REFUSED,
                retryable=False,
                answer=answer,
            )
        if status >= 300 and not code:
            raise server_error(status, answer)
        raise ChannelError(
            f"短信发送失败（{code or status}）：{message}",
            reason=FailureReason.SERVER_ERROR,
            answer=answer[:2000],
        )


PROVIDERS: dict[str, SmsProvider] = {"aliyun": AliyunSmsProvider()}


def register_sms_provider(provider: SmsProvider) -> None:
    PROVIDERS[provider.code] = provider


def sms_provider() -> SmsProvider:
    provider = PROVIDERS.get(settings.SMS_PROVIDER)
    if provider is None:
        raise Undeliverable(f"未知短信服务商 {settings.SMS_PROVIDER}")
    return provider


def sms_phones(user) -> list[str]:
    """The recipient's mobile (preference, else the user's phone) and a family member's."""
    from .preferences import preference_for

    preference = preference_for(user)
    wanted = [
        (preference.sms_phone if preference else "") or getattr(user, "phone", ""),
        preference.family_phone if preference else "",
    ]
    phones = []
    for value in wanted:
        mobile = normalise_mobile(value)
        if mobile and mobile not in phones:
            phones.append(mobile)
    return phones


class SmsChannel(PushChannel):
    code, label = "sms", "短信"

    def configured(self) -> bool:
        provider = PROVIDERS.get(settings.SMS_PROVIDER)
        return bool(provider and provider.configured())

    def deliver(self, message) -> str:
        phones = sms_phones(message.recipient)
        if not phones:
            raise Undeliverable("接收人没有登记手机号")
        return sms_provider().send(phones=phones, params=message.sms_params())
