"""Scrapy extension keeping the run log: a ``crawls`` row opened when the spider opens and judged
when it closes, from the whole run's stats (see :mod:`newscrawler.archive.runlog` for the statuses).

Settings: ``NEWSCRAWLER_DB`` (the archive) and the redesign detection thresholds
``NEWSCRAWLER_FIELD_BASELINE`` (0.8), ``NEWSCRAWLER_FIELD_DROP`` (0.5),
``NEWSCRAWLER_FIELD_MIN_ARTICLES`` (5), ``NEWSCRAWLER_FIELD_RUNS`` (5); see
:class:`newscrawler.archive.runlog.FieldWatch`.
"""

from __future__ import annotations

import logging
import sqlite3

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from newscrawler import stat_keys
from newscrawler.archive.runlog import FieldWatch, RunLog, advice, note
from newscrawler.archive.store import Archive

logger = logging.getLogger(__name__)


class RunLogExtension:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
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

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.log is None or self.archive is None:  # the archive could not be opened
            return
        try:
            row = self.log.finish(self.crawler.stats.get_stats(), reason)
        except sqlite3.Error as exc:  # a full disk: the runner reports the judged row itself
            if self.log.row is None:
                raise
            row = self.log.row
            logger.error("could not write the status of run %s: %s", row["id"], exc)
            self.crawler.stats.set_value(stat_keys.RUN_UNWRITTEN, row)
        finally:
            self.archive.close()
        profile = getattr(spider, "profile", None)
        line = advice(row, getattr(profile, "start_urls", ()), cms=getattr(profile, "cms", None))
        if line:
            logger.warning("run %s of %s", row["id"], line)
        else:
            logger.info("run %s of %s: %s %s", row["id"], row["site"], row["status"], note(row))
