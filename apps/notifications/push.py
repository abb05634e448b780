"""What the provider adapters (钉钉, 企业微信, SMS) share: a `PushChannel` that renders a
`Message`, one HTTP helper, and `ChannelError`, which says whether a failure is worth retrying.

The delivery job maps the outcome onto its states:
- returns an answer          → sent (the answer is stored, redacted, for the report)
- raises Undeliverable       → skipped: nothing to send to (no phone); NotConfigured: the
                               channel lacks its settings
- raises ChannelError(retryable=True)  → failed, retried with back-off (rate limit: later)
- raises ChannelError(retryable=False) → gave up at once (bad signature, invalid number)
- raises anything else       → failed, retried (timeouts, connection errors)
"""

import json
import logging
import socket
import urllib.error
import urllib.request

from django.conf import settings

from .channels import Channel, Undeliverable
from .models import FailureReason
from .redact import redact

logger = logging.getLogger(__name__)


class NotConfigured(Undeliverable):
    """The channel lacks its settings (webhook, keys): skipped, reported as such."""


class ChannelError(Exception):
    def __init__(
        self,
        message: str,
        *,
        reason: str = FailureReason.OTHER,
        retryable: bool = True,
        answer: str = "",
        retry_after: int = 0,
    ):
        super().__init__(redact(message))
        self.reason = reason
        self.retryable = retryable
        self.answer = redact(answer)
        self.retry_after = retry_after


class PushChannel(Channel):
    """A channel that renders whole messages (so it can send a digest as one message)."""

    supports_digest = True
    # A phone rings: quiet hours apply (not to e-mail).
    respects_quiet_hours = True
    # Off unless a preference or REMINDER_ROLE_CHANNELS names it for the person.
    opt_in = True

    def configured(self) -> bool:
        return True

    def deliver(self, message) -> str:
        raise NotImplementedError

    def send(self, reminder) -> None:
        from .messages import Message, sender_for

        self.deliver(
            Message(
                recipient=reminder.recipient,
                reminders=[reminder],
                sender=sender_for(reminder.recipient),
                kind=reminder.kind,
            )
        )


def http_request(
    url: str,
    *,
    body: bytes,
    content_type: str,
    timeout: float | None = None,
) -> tuple[int, str]:
    """POST `body`; returns (HTTP status, answer text). Errors carry redacted messages only:
    urllib puts the full URL (with its token) into some exceptions' text."""
    if not url.startswith(("http://", "https://")):
        raise Undeliverable("渠道地址须为 http(s) 地址")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, data=body, method="POST", headers={"Content-Type": content_type}
    )
    timeout = settings.REMINDER_PUSH_TIMEOUT if timeout is None else timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        answer = exc.read().decode("utf-8", "replace") if exc.fp else ""
        return exc.code, answer
    except TimeoutError as exc:
        raise ChannelError(f"连接超时：{exc}", reason=FailureReason.TIMEOUT) from None
    except urllib.error.URLError as exc:
        reason = (
            FailureReason.TIMEOUT
            if isinstance(exc.reason, TimeoutError | socket.timeout)
            else FailureReason.NETWORK
        )
        raise ChannelError(f"网络错误：{exc.reason}", reason=reason) from None
    except OSError as exc:
        raise ChannelError(f"网络错误：{exc}", reason=FailureReason.NETWORK) from None


def post_json(url: str, payload: dict, *, timeout: float | None = None) -> tuple[int, str]:
    return http_request(
        url,
        body=json.dumps(payload, ensure_ascii=False).encode(),
        content_type="application/json; charset=utf-8",
        timeout=timeout,
    )


def parse_json(answer: str) -> dict:
    try:
        data = json.loads(answer)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def server_error(status: int, answer: str) -> ChannelError:
    return ChannelError(
        f"服务端返回 HTTP {status}",
        reason=FailureReason.SERVER_ERROR,
        retryable=True,
        answer=answer[:2000],
    )
