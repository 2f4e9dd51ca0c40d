"""Containment: a page that breaks its callback is a counted, logged skip, never a crashed crawl."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import Response

logger = logging.getLogger(__name__)


class SkipCounterMiddleware:
    """Spider middleware: turns an exception raised while parsing one page into a skip."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SkipCounterMiddleware:
        return cls(crawler)

    def process_spider_exception(self, response: Response, exception: Exception) -> Iterable[Any]:
        kind = type(exception).__name__
        self.stats.inc_value(f"newscrawler/errors/parse_{kind}")
        logger.error("skipped %s: %s: %s", response.url, kind, exception)
        return []
