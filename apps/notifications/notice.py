"""One test message through one channel, from the shell (`send_test_notice`) or the staff page:
it checks a webhook, a secret or an SMS template before real reminders depend on them."""

import logging
from dataclasses import dataclass
from types import SimpleNamespace

from django.utils import timezone

from .channels import CHANNELS, Undeliverable
from .messages import Message, sender_for
from .models import Reminder
from .push import ChannelError
from .redact import redact

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NoticeResult:
    ok: bool
    answer: str


def test_notice_send(*, channel: str, to: str = "", by=None) -> NoticeResult:
    """Send one test message via `channel` to `to` (a mobile, an e-mail address, or nothing
    for a group robot); the answer (or the error) comes back redacted."""
    adapter = CHANNELS.get(channel)
    if adapter is None or not getattr(adapter, "supports_digest", False):
        return NoticeResult(False, f"未知或不支持测试的渠道：{channel}")
    name = getattr(by, "display_name", "") or "测试"
    recipient = SimpleNamespace(
        display_name=name,
        phone=to,
        email=to,
        unit=getattr(by, "unit", None),
        role=getattr(by, "role", ""),
    )
    reminder = Reminder(
        kind="test_notice",
        key="test_notice",
        subject="测试消息：提醒渠道配置检查",
        body=f"这是一条测试消息，发送于 {timezone.localtime():%Y-%m-%d %H:%M}，无需回复。",
    )
    reminder.created_at = timezone.now()
    message = Message(
        recipient=recipient, reminders=[reminder], sender=sender_for(by), kind="test_notice"
    )
    try:
        answer = adapter.deliver(message) or "（渠道未返回内容）"
    except (Undeliverable, ChannelError) as exc:
        logger.warning("test notice via %s failed: %s", channel, redact(exc))
        detail = getattr(exc, "answer", "")
        return NoticeResult(False, redact(f"{exc}{'；应答：' + detail if detail else ''}"))
    except Exception as exc:  # noqa: BLE001 - shown to the operator, and logged
        logger.warning("test notice via %s failed: %s", channel, redact(exc))
        return NoticeResult(False, redact(f"{type(exc).__name__}: {exc}"))
    logger.info("test notice via %s sent", channel)
    return NoticeResult(True, redact(answer))
