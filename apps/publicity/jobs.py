"""Publicity's scheduled work: the article view counts kept in Redis go into the table every few
minutes (apps/publicity/counter.py)."""

from apps.core.jobs import FREQUENT, register_job

from . import counter


def publicity_views_flush(*, on=None) -> int:
    return counter.flush()


register_job("publicity_views_flush", publicity_views_flush, frequency=FREQUENT, order=90)
