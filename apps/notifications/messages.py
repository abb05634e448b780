"""What a push says: one reminder, or a digest of a day's reminders of one kind, signed with
who sent it and the phone to call back.

Channels render a `Message` (plain text, markdown, or SMS template parameters); they never
build wording of their own, so every channel says the same thing.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from . import kinds
from .models import Reminder, SenderIdentity


@dataclass(frozen=True)
class Sender:
    name: str
    phone: str

    @property
    def signature(self) -> str:
        if self.phone:
            return f"{self.name}（如有疑问请致电 {self.phone}）"
        return self.name


def sender_for(user) -> Sender:
    """The nearest unit up the recipient's tree with a 署名; else the portal's settings."""
    unit = getattr(user, "unit", None)
    if unit is not None:
        ids = [int(p) for p in unit.path.strip("/").split("/") if p]
        identities = {
            s.unit_id: s
            for s in SenderIdentity.objects.filter(unit_id__in=ids).only("unit_id", "name", "phone")
        }
        for unit_id in reversed(ids):
            if unit_id in identities:
                found = identities[unit_id]
                return Sender(found.name, found.phone)
    return Sender(settings.REMINDER_SENDER_NAME, settings.REMINDER_REPLY_PHONE)


def absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{settings.PORTAL_BASE_URL}{url}"


@dataclass
class Message:
    recipient: object
    reminders: list[Reminder]
    sender: Sender
    kind: str = ""
    # Filled by the delivery job for a folded message (daily cap): kinds and counts.
    folded: dict[str, int] = field(default_factory=dict)

    @property
    def is_digest(self) -> bool:
        return len(self.reminders) > 1

    @property
    def count(self) -> int:
        return len(self.reminders)

    @property
    def kind_label(self) -> str:
        if not self.kind or self.kind == "*":
            return "提醒"
        return kinds.label(self.kind)

    @property
    def subject(self) -> str:
        if not self.is_digest:
            return self.reminders[0].subject
        day = timezone.localdate(min(r.created_at for r in self.reminders))
        return f"{self.kind_label}汇总：{self.count} 条（{day:%Y-%m-%d}）"

    @property
    def url(self) -> str:
        if not self.is_digest:
            return absolute(self.reminders[0].url)
        query = f"?show=unread&kind={self.kind}" if self.kind and self.kind != "*" else ""
        return absolute(reverse("notifications:inbox") + query)

    def lines(self) -> list[str]:
        """One line per reminder, at most REMINDER_DIGEST_MAX_LINES, then how many more."""
        limit = settings.REMINDER_DIGEST_MAX_LINES
        shown = []
        for reminder in sorted(
            self.reminders, key=lambda r: (r.due_on or r.created_at.date(), r.pk)
        )[:limit]:
            due = f"（到期 {reminder.due_on:%m-%d}）" if reminder.due_on else ""
            shown.append(f"{reminder.subject}{due}")
        if self.count > limit:
            shown.append(f"……另有 {self.count - limit} 条，请登录平台查看")
        return shown

    def greeting(self) -> str:
        name = getattr(self.recipient, "display_name", "") or str(self.recipient)
        return f"{name}，您好："

    def text(self) -> str:
        parts = [f"【{self.sender.name}】{self.greeting()}"]
        if self.is_digest:
            parts.append(f"您有 {self.count} 条{self.kind_label}：")
            parts += [f"{i}. {line}" for i, line in enumerate(self.lines(), 1)]
        else:
            reminder = self.reminders[0]
            parts.append(reminder.subject)
            if reminder.body:
                parts.append(reminder.body)
        if self.url:
            parts.append(f"查看：{self.url}")
        parts.append(f"—— {self.sender.signature}")
        return "\n".join(parts)

    def markdown(self, *, mention: str = "") -> str:
        parts = [f"#### {self.subject}", "", self.greeting(), ""]
        if self.is_digest:
            parts += [f"- {line}" for line in self.lines()]
        else:
            reminder = self.reminders[0]
            parts.append(reminder.subject)
            if reminder.body:
                parts += ["", reminder.body]
        if self.url:
            parts += ["", f"[在平台中查看]({self.url})"]
        parts += ["", f"> {self.sender.signature}"]
        if mention:
            parts += ["", f"@{mention}"]
        return "\n".join(parts)

    def sms_params(self) -> dict[str, str]:
        """The SMS template's variables (an approved template, not free text), e.g.
        "${sender}提醒：您有${count}条${kind}，${subject}。详询${phone}"."""
        subject = self.reminders[0].subject if not self.is_digest else self.lines()[0]
        return {
            "sender": self.sender.name[:35],
            "kind": self.kind_label[:35],
            "count": str(self.count),
            "subject": subject[:35],
            "phone": (self.sender.phone or "")[:35],
        }
