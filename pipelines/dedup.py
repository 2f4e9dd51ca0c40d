"""Deduplication within a run: the same URL reached twice is processed once.

The same *content* under two URLs (a story filed in two sections, a URL with and without a
tracking parameter that the canonical link does not cover) is caught by the archive pipeline, at
write time, against every committed article — so it holds across runs and across crawls sharing
an archive — and the second URL is kept as an alias of the first.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawler import reasons
from newscrawler.items import PageCheck


class DeduplicatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.urls: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageCheck):
            return item
        url = ItemAdapter(item)["url"]
        if url in self.urls:
            reasons.count(self.stats, "duplicate_url")
            raise DropItem(f"duplicate_url: {url}")
        self.urls.add(url)
        return item
