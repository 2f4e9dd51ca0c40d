"""Storing articles: Scrapy items to :func:`newscrawler.archive.intake.store`, a batch at a time.

Items are buffered and stored ``NEWSCRAWLER_BATCH_SIZE`` at a time, or when the oldest has waited
``NEWSCRAWLER_BATCH_SECONDS`` (so the progress line and readers see a slow crawl's articles as it
goes), each batch in one short transaction (WAL mode, so readers query while a crawl writes; a crash loses at most the open
batch, which the next run fetches again). The archive decides, at write time, whether each article
is new, changed, unchanged or a duplicate; this pipeline sets ``archive_status`` on the items,
has the intake count the decisions in the crawl's stats (which the run log reads) and, after
each commit, sends
``archive_committed`` so the JSON Lines writer drains the outbox.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from newscrawler.archive import intake
from newscrawler.archive.store import Archive
from newscrawler.crawl.storage import storage_failed
from newscrawler.items import PageCheck

logger = logging.getLogger(__name__)

#: Sent after each committed batch.
archive_committed = object()


class ArchivePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.db_path = crawler.settings.get("NEWSCRAWLER_DB")
        self.batch_size = crawler.settings.getint("NEWSCRAWLER_BATCH_SIZE", 100)
        self.batch_seconds = crawler.settings.getfloat("NEWSCRAWLER_BATCH_SECONDS", 2.0)
        self.pending: list[Any] = []
        self.checks: list[dict[str, Any]] = []
        #: ``time.monotonic()`` when the oldest buffered item arrived.
        self.oldest = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.archive = Archive.open(self.db_path)

    def close_spider(self) -> None:
        try:
            self.flush()
        finally:
            self.archive.close()

    def process_item(self, item: Any) -> Any:
        now = time.monotonic()
        if not self.pending and not self.checks:
            self.oldest = now
        if isinstance(item, PageCheck):
            self.checks.append(dict(item))
        else:
            self.pending.append(item)
        if (
            len(self.pending) + len(self.checks) >= self.batch_size
            or now - self.oldest >= self.batch_seconds
        ):
            self.flush()
        return item

    def flush(self) -> None:
        """Store the buffered items, then announce the commit.

        A batch that cannot be written (disk full, a locked or damaged archive) is rolled back,
        counted (``store_failed``, and ``disk_full`` for a full disk) and logged, and the run
        stops (:mod:`newscrawler.crawl.storage`): its articles stay unknown, so the next run fetches
        them again.
        """
        if not self.pending and not self.checks:
            return
        batch, checks = self.pending, self.checks
        self.pending, self.checks = [], []
        try:
            stored = intake.store(
                self.archive,
                [ItemAdapter(item) for item in batch],
                checks,
                stats=lambda _: self.stats,
            )
        except sqlite3.Error as exc:
            logger.error("could not store %d items in %s: %s", len(batch), self.db_path, exc)
            storage_failed(self.crawler, "store_failed", exc, len(batch) + len(checks))
            return
        for item, status in zip(batch, stored.statuses, strict=True):
            if status != "duplicate":
                ItemAdapter(item)["archive_status"] = status
        self.crawler.signals.send_catch_log(signal=archive_committed)
