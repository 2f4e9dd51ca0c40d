"""A storage error ends the crawl: disk full, an I/O error or a read-only file while writing the
archive, its JSON Lines file or its WARC files.

Going on would only fail again (and, before, hung the crawl: see
:class:`newscrawler.crawl.middlewares.SlotConcurrencyMiddleware`), so the first such error is logged,
counted and closes the spider; the run log then judges the run ``failed`` with the reason
``disk_full`` (``ENOSPC``/``EDQUOT``, SQLite's ``database or disk is full``) or the writer's own
reason (``store_failed``, ``jsonl_failed``, ``warc_failed``). What was committed before stays.
"""

from __future__ import annotations

import errno
import logging
import sqlite3

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import deferred_from_coro

from newscrawler import reasons

logger = logging.getLogger(__name__)

#: ``errno`` values of a full disk (or quota).
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
#: SQLite's primary result code ``SQLITE_FULL``.
_SQLITE_FULL = 13


class StorageFailed(IgnoreRequest):
    """A response that was fetched but could not be kept (its WARC record could not be written).
    Counted where it was raised; errbacks let it pass."""


def is_disk_full(exc: BaseException) -> bool:
    """True for an ``OSError`` of a full disk or quota, or SQLite's ``SQLITE_FULL``."""
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return (code is not None and code & 0xFF == _SQLITE_FULL) or "disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS


def stop_crawl(crawler: Crawler, reason: str) -> None:
    """Close the spider with ``reason`` (the run log then judges the run ``failed``)."""
    try:
        engine = crawler.engine
    except RuntimeError:  # pipelines driven without a running crawl (tests, benchmarks)
        return
    if engine.running:
        deferred_from_coro(engine.close_spider_async(reason=reason))


def storage_failed(crawler: Crawler, reason: str, exc: BaseException, count: int = 1) -> None:
    """Count ``count`` of the writer's ``reason`` (``store_failed``, ``jsonl_failed``,
    ``warc_failed``), plus ``disk_full`` once when ``exc`` says the disk is full, log it and stop
    the crawl (closed with ``disk_full`` or ``reason``)."""
    stats = crawler.stats
    reasons.count(stats, reason, count)
    if is_disk_full(exc):
        if not stats.get_value(reasons.stat_key("disk_full")):
            reasons.count(stats, "disk_full")
            logger.error("the disk is full (%s): stopping the crawl", exc)
        stop_crawl(crawler, "disk_full")
    else:
        stop_crawl(crawler, reason)
