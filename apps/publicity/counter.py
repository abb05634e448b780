"""Article view counts without a database write per view.

A view is de-duplicated per visitor by one Redis SET NX with a TTL (as before) and then counted
in a Redis hash (article id -> views not yet in the table). The frequent job
`publicity_views_flush` moves the hash into `Article.view_count` in one UPDATE.

Flushing, safe to run twice or concurrently: under a PostgreSQL advisory lock, the pending hash
is renamed to a "flushing" hash (RENAMENX: a batch left by a run that died is finished first,
never overwritten), its counts are added in one transaction and the hash is deleted. A second run
finds nothing and changes nothing. The one window: a process killed between the commit and the
delete would count that batch again on the next run (never loses a view).

When Redis is down (django-redis ignores the error) a view is written straight to the table, as
before: counted rather than lost.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Value, When

from .models import Article

logger = logging.getLogger(__name__)

PENDING = "publicity:views:pending"
FLUSHING = "publicity:views:flushing"
LOCK_ID = 7_302_117  # pg advisory lock of the flush (any constant unique to this job)


def _redis():
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def view_dedup_seconds() -> int:
    return int(settings.PUBLICITY_VIEW_DEDUP_SECONDS)


def record(*, article_id: int, visitor: str) -> bool:
    """Count one view unless this visitor was counted within the window. No database query
    while Redis answers."""
    added = cache.add(f"publicity:viewed:{article_id}:{visitor}", 1, timeout=view_dedup_seconds())
    # False: seen within the window. None: Redis is down.
    if added is False:
        return False
    if added:
        try:
            _redis().hincrby(cache.make_key(PENDING), str(article_id), 1)
            return True
        except Exception:  # noqa: BLE001 - Redis went away between the two calls
            logger.warning("view counter: Redis unavailable, counting in the table")
    Article.objects.filter(pk=article_id).update(view_count=F("view_count") + 1)
    return True


def pending(article_id: int) -> int:
    """Views of one article counted in Redis and not yet in the table."""
    try:
        client = _redis()
        values = client.hmget(cache.make_key(PENDING), [str(article_id)])
        values += client.hmget(cache.make_key(FLUSHING), [str(article_id)])
    except Exception:  # noqa: BLE001 - Redis down: the table's count is all we know
        return 0
    return sum(int(v) for v in values if v)


def flush() -> int:
    """Add the pending counts to the table; returns the number of views written."""
    client = _redis()
    pending_key, flushing_key = cache.make_key(PENDING), cache.make_key(FLUSHING)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_ID])
    try:
        if not client.exists(flushing_key):
            if not client.exists(pending_key):
                return 0
            client.renamenx(pending_key, flushing_key)
        counts = {int(k): int(v) for k, v in client.hgetall(flushing_key).items() if int(v) > 0}
        if counts:
            with transaction.atomic():
                Article.objects.filter(pk__in=counts).update(
                    view_count=F("view_count")
                    + Case(
                        *(When(pk=pk, then=Value(n)) for pk, n in counts.items()),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
                )
        client.delete(flushing_key)
        return sum(counts.values())
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])
