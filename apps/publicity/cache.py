"""The public home page cache (Redis, through Django's cache).

Keys carry a version that every publish, unpublish or edit of public content replaces, so a
stale page is never served after a change; the timeout is also cut to the next scheduled
publication, so an article approved for 09:00 appears at 09:00 without any job.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "publicity:home:version"


def home_cache_seconds() -> int:
    return int(settings.PUBLICITY_HOME_CACHE_SECONDS)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add(): two processes racing on an empty cache agree on one version.
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def current_version() -> str:
    return _version()


def page_timeout(seconds: int) -> int:
    """`seconds`, cut to the next scheduled publication (that article appears on time). The
    next publication is looked up once per content version and kept until it is due."""
    from django.db.models import Min
    from django.utils import timezone

    from .models import Article

    now = timezone.now()
    key = f"publicity:next-publication:{_version()}"
    next_ts = cache.get(key)
    if next_ts is None or (next_ts and next_ts <= now.timestamp()):
        next_at = Article.objects.filter(
            status=Article.Status.PUBLISHED, published_at__gt=now
        ).aggregate(next_at=Min("published_at"))["next_at"]
        next_ts = next_at.timestamp() if next_at else 0
        cache.set(key, next_ts, timeout=seconds)
    if next_ts:
        seconds = max(1, min(seconds, int(next_ts - now.timestamp()) + 1))
    return seconds


def home_key() -> str:
    return f"publicity:home:{_version()}"


def bump_now() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def public_content_changed() -> None:
    """Invalidate after the surrounding transaction commits (a reader must not re-cache the
    old state between our bump and our commit)."""
    transaction.on_commit(bump_now)
