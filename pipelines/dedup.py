"""Deduplication: one article is stored once, whichever URL or how many times it was reached.

Within a run: a URL seen before, or content (``content_hash``) already seen under another URL, is
dropped. Across runs: content already archived under another URL is dropped too. Re-fetching the
same URL is not a duplicate: the archive pipeline decides whether it changed.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawler.archive import open_archive
from newscrawler.items import PageCheck


class DeduplicatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.db_path = crawler.settings.get("NEWSCRAWLER_DB")
        self.urls: set[str] = set()
        self.hashes: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicatePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.db = open_archive(self.db_path)

    def close_spider(self) -> None:
        self.db.close()

    def _drop(self, reason: str, url: str) -> DropItem:
        self.stats.inc_value(f"newscrawler/dropped/{reason}")
        self.stats.inc_value("newscrawler/dropped")
        return DropItem(f"{reason}: {url}")

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageCheck):
            return item
        adapter = ItemAdapter(item)
        url, digest = adapter["url"], adapter["content_hash"]
        if url in self.urls:
            raise self._drop("duplicate_url", url)
        other = self.hashes.get(digest)
        if other is None:
            row = self.db.execute(
                "select url from articles where content_hash = ? and url != ? limit 1",
                [digest, url],
            ).fetchone()
            other = row[0] if row else None
        if other is not None and other != url:
            raise self._drop("duplicate_content", f"{url} (same as {other})")
        self.urls.add(url)
        self.hashes[digest] = url
        return item
