"""Delivery channels behind one interface. In-app is always on (the inbox shows the reminder
itself); the others are listed in settings.REMINDER_CHANNELS, e.g. ["inapp", "email",
"dingtalk", "sms"]. The provider adapters (robots.py: 钉钉, 企业微信; sms.py: 阿里云短信) are
registered with `register_channel` when the app loads.

A channel's `send(reminder)` returns normally when delivered, raises `Undeliverable` when it can
never be delivered (no email address), and raises anything else for a retryable failure.
"""

import json
import logging
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger(__name__)


class Undeliverable(Exception):  # noqa: N818 - reads as a state, like Django's DoesNotExist
    pass


class Channel:
    """`send(reminder)` pushes one reminder. A channel with `supports_digest` also has
    `deliver(message) -> answer`, which sends a rendered Message (one reminder or a digest)."""

    code = ""
    label = ""
    push = True  # False: nothing to send, the reminder row is the delivery
    supports_digest = False
    respects_quiet_hours = False
    opt_in = False  # True: only for people whose preference (or role default) names it

    def send(self, reminder) -> None:
        raise NotImplementedError


class InAppChannel(Channel):
    code, label, push = "inapp", "站内提醒", False

    def send(self, reminder) -> None:
        return None


class EmailChannel(Channel):
    code, label = "email", "电子邮件"
    supports_digest = True  # a night's reminders of one kind are one e-mail

    def deliver(self, message) -> str:
        address = message.recipient.email
        if not address:
            raise Undeliverable("接收人没有登记电子邮箱")
        send_mail(
            subject=f"[{message.sender.name}] {message.subject}",
            message=message.text(),
            from_email=None,
            recipient_list=[address],
            fail_silently=False,
        )
        return f"已交给邮件服务器：{address}"

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


class WebhookChannel(Channel):
    """A generic JSON POST (企业微信/钉钉/短信 gateways sit behind such a hook)."""

    code, label = "webhook", "Webhook"

    def send(self, reminder) -> None:
        url = settings.REMINDER_WEBHOOK_URL
        if not url:
            raise Undeliverable("未配置 REMINDER_WEBHOOK_URL")
        if not url.startswith(("http://", "https://")):
            raise Undeliverable("REMINDER_WEBHOOK_URL 须为 http(s) 地址")
        payload = {
            "id": reminder.pk,
            "kind": reminder.kind,
            "subject": reminder.subject,
            "body": reminder.body,
            "url": reminder.url,
            "due_on": reminder.due_on.isoformat() if reminder.due_on else None,
            "recipient": reminder.recipient.username,
            "recipient_phone": reminder.recipient.phone,
        }
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url,
            data=json.dumps(payload, ensure_ascii=False).encode(),
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        timeout = settings.REMINDER_WEBHOOK_TIMEOUT
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            if response.status >= 300:
                raise RuntimeError(f"webhook answered {response.status}")


CHANNELS: dict[str, Channel] = {
    c.code: c for c in (InAppChannel(), EmailChannel(), WebhookChannel())
}


def register_channel(channel: Channel) -> None:
    """For a backend living in another module (钉钉, 企业微信 and SMS register in apps.py)."""
    CHANNELS[channel.code] = channel


def enabled_push_channels() -> list[Channel]:
    codes = settings.REMINDER_CHANNELS
    found = []
    for code in codes:
        channel = CHANNELS.get(code)
        if channel is None:
            logger.warning("REMINDER_CHANNELS names an unknown channel: %s", code)
        elif channel.push:
            found.append(channel)
    return found
