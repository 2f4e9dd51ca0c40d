"""Validation: an article must have a title and a body; a bad date is kept as None, loudly."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawler import reasons
from newscrawler.extraction.dates import is_valid_iso
from newscrawler.items import PageCheck

logger = logging.getLogger(__name__)

REQUIRED = ("url", "title", "body")


class ValidatePipeline:
    """Drops items missing a required field (counted per reason), repairs what can be repaired."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageCheck):
            return item
        adapter = ItemAdapter(item)
        for key in REQUIRED:
            value = adapter.get(key)
            if not (isinstance(value, str) and value.strip()):
                reasons.count(self.stats, f"missing_{key}")
                raise DropItem(f"missing {key}: {adapter.get('url')}")
        published = adapter.get("published")
        if published is not None and not is_valid_iso(published):
            logger.warning("bad date %r on %s: stored as None", published, adapter["url"])
            self.stats.inc_value("newscrawler/bad_date")
            adapter["published"] = None
        for key in ("captions", "images", "credits", "topics"):
            if adapter.get(key) is None:
                adapter[key] = []
        for key in ("title", "body", "published", "views", "language"):
            if adapter.get(key) is None:
                self.stats.inc_value(f"newscrawler/empty_field/{adapter.get('site')}/{key}")
        return item
