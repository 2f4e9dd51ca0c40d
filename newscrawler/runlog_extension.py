"""Scrapy extension keeping the run log: a ``crawls`` row opened when the spider opens and judged
when it closes, from the whole run's stats (see :mod:`newscrawler.runlog` for the statuses).

Settings: ``NEWSCRAWLER_DB`` (the archive), ``NEWSCRAWLER_RUNLOG_ENABLED`` (default True), and the
redesign detection thresholds ``NEWSCRAWLER_FIELD_BASELINE`` (0.8), ``NEWSCRAWLER_FIELD_DROP``
(0.5), ``NEWSCRAWLER_FIELD_MIN_ARTICLES`` (5), ``NEWSCRAWLER_FIELD_RUNS`` (5).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawler.archive import Archive
from newscrawler.runlog import FieldWatch, RunLog, note

logger = logging.getLogger(__name__)


class RunLogExtension:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWLER_RUNLOG_ENABLED", True):
            raise NotConfigured
        self.crawler = crawler
        self.db_path = settings.get("NEWSCRAWLER_DB")
        self.watch = FieldWatch(
            baseline=settings.getfloat("NEWSCRAWLER_FIELD_BASELINE", FieldWatch.baseline),
            drop=settings.getfloat("NEWSCRAWLER_FIELD_DROP", FieldWatch.drop),
            min_articles=settings.getint("NEWSCRAWLER_FIELD_MIN_ARTICLES", FieldWatch.min_articles),
            runs=settings.getint("NEWSCRAWLER_FIELD_RUNS", FieldWatch.runs),
        )
        self.archive: Archive | None = None
        self.log: RunLog | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLogExtension:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.archive = Archive.open(self.db_path)
        self.log = RunLog(self.archive, getattr(spider, "site_id", spider.name), self.watch)
        self.log.start()

    def spider_closed(self, spider: Spider, reason: str) -> dict[str, Any] | None:
        if self.log is None or self.archive is None:
            return None
        try:
            row = self.log.finish(self.crawler.stats.get_stats(), reason)
        finally:
            self.archive.close()
        level = logging.INFO if row["status"] == "finished" else logging.WARNING
        logger.log(level, "run %s of %s: %s %s", row["id"], row["site"], row["status"], note(row))
        return row
