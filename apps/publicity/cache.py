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


def home_key() -> str:
    return f"publicity:home:{_version()}"


def bump_now() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def public_content_changed() -> None:
    """Invalidate after the surrounding transaction commits (a reader must not re-cache the
    old state between our bump and our commit)."""
    transaction.on_commit(bump_now)
