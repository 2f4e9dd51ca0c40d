"""JSON Lines output: after each committed batch, the archive's outbox goes to the file
(:mod:`newscrawler.archive.jsonl` does the writing, exactly once and never half a line)."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from newscrawler.pipelines.archive import archive_committed
from scrapy import signals
from scrapy.crawler import Crawler

from newscrawler import stat_keys
from newscrawler.archive.jsonl import drain_outbox
from newscrawler.archive.store import open_archive
from newscrawler.crawl.storage import storage_failed

logger = logging.getLogger(__name__)


class JsonLinesPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.path = Path(crawler.settings.get("NEWSCRAWLER_JSONL"))
        self.db_path = crawler.settings.get("NEWSCRAWLER_DB")
        self.stats = crawler.stats
        self.crawler = crawler
        crawler.signals.connect(self.drain, signal=archive_committed)
        # Closed only when the spider is: the archive commits its last batch after pipelines close.
        crawler.signals.connect(self._close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonLinesPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.db = open_archive(self.db_path)
        self.drain()  # what a killed run committed but never wrote

    def _close(self) -> None:
        self.db.close()

    def process_item(self, item: Any) -> Any:
        return item

    def drain(self) -> None:
        """Write the outbox to the file. A drain that fails ends the run as failed
        (``jsonl_failed``): going on would only pile up lines in the outbox, which keeps them."""
        try:
            drained = drain_outbox(self.db, self.path)
        except (OSError, sqlite3.Error) as exc:
            logger.error("could not write JSON Lines to %s: %s", self.path, exc)
            storage_failed(self.crawler, "jsonl_failed", exc)
            return
        if drained.repaired:
            self.stats.inc_value(stat_keys.JSONL_REPAIRED)
        if drained.written:
            self.stats.inc_value(stat_keys.JSONL_LINES, drained.written)
        if drained.recovered:
            self.stats.inc_value(stat_keys.JSONL_RECOVERED, drained.recovered)
