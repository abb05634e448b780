"""Per-recipient rules: which push channels, quiet hours, the daily cap.

- Channels: the person's Preference if they have one; else REMINDER_ROLE_CHANNELS for their
  role (e.g. staff in 钉钉); else the enabled channels that need no opt-in (e-mail, webhook).
  Only channels enabled in REMINDER_CHANNELS are ever used.
- Quiet hours (Asia/Shanghai): the preference's, else REMINDER_QUIET_HOURS ("21:00-08:00"), for
  channels that ring a phone (SMS, 钉钉, 企业微信), never e-mail. A delivery falling inside
  them waits: its next attempt moves to the end of the quiet hours.
- Daily cap: messages per channel per person per local day (a digest counts once).
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone

from .models import Preference


def preference_for(user) -> Preference | None:
    if user is None:
        return None
    try:
        return user.notification_preference
    except (ObjectDoesNotExist, AttributeError):  # no row; or a stand-in recipient (test notice)
        return None


def parse_quiet_hours(value: str) -> tuple[time, time] | None:
    """ "21:00-08:00" → (21:00, 08:00); "" or "off" → None."""
    value = (value or "").strip()
    if not value or value.lower() in ("off", "none", "0"):
        return None
    start, _, end = value.partition("-")
    try:
        return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
    except ValueError:
        return None


def quiet_hours_for(user) -> tuple[time, time] | None:
    preference = preference_for(user)
    if preference is not None and None not in (preference.quiet_start, preference.quiet_end):
        if preference.quiet_start == preference.quiet_end:
            return None  # the same start and end: no quiet hours
        return preference.quiet_start, preference.quiet_end
    return parse_quiet_hours(settings.REMINDER_QUIET_HOURS)


def quiet_until(*, now: datetime, hours: tuple[time, time] | None) -> datetime | None:
    """When the quiet hours around `now` end (aware), or None when `now` is not in them."""
    if hours is None:
        return None
    start, end = hours
    local = timezone.localtime(now)
    t = local.time()
    inside = (start <= t < end) if start < end else (t >= start or t < end)
    if not inside:
        return None
    end_today = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return end_today if t < end else end_today + timedelta(days=1)


def daily_cap_for(user) -> int:
    preference = preference_for(user)
    if preference is not None and preference.daily_cap is not None:
        return preference.daily_cap
    return settings.REMINDER_DAILY_CAP


def digest_for(user) -> bool:
    preference = preference_for(user)
    return True if preference is None else preference.digest


def start_of_day(now: datetime) -> datetime:
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


def role_channels() -> tuple[list[str], list[str]]:
    """REMINDER_ROLE_CHANNELS as two parallel arrays (role, channel), for SQL."""
    roles, codes = [], []
    for role, channels in (settings.REMINDER_ROLE_CHANNELS or {}).items():
        for code in channels if isinstance(channels, list | tuple) else [channels]:
            roles.append(str(role))
            codes.append(str(code))
    return roles, codes


def channels_for(user) -> list[str]:
    """The push channels `user` is reached by (for the preference page and the report)."""
    from .channels import enabled_push_channels

    enabled = enabled_push_channels()
    preference = preference_for(user)
    if preference is not None:
        wanted = set(preference.channels)
    elif user.role in (settings.REMINDER_ROLE_CHANNELS or {}):
        wanted = set(
            role_channels()[1][i] for i, r in enumerate(role_channels()[0]) if r == user.role
        )
    else:
        wanted = {c.code for c in enabled if not getattr(c, "opt_in", False)}
    return [c.code for c in enabled if c.code in wanted]


@transaction.atomic
def preference_save(*, user, **fields) -> Preference:
    """Create or update `user`'s preference (the page and the admin both write through here)."""
    preference, _ = Preference.objects.select_for_update().get_or_create(user=user)
    for name, value in fields.items():
        setattr(preference, name, value)
    preference.full_clean()
    preference.save()
    return preference
