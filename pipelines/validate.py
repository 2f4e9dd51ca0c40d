"""Validation against the item schema: the Scrapy adapter over :func:`newscrawler.archive.intake.prepare`.

An item lacking a required field (non-empty text), or one the archive cannot store (no
``content_hash``, media without URLs), is dropped and counted by its reason. A value of the
wrong shape in an optional field, or a date that is not ISO 8601, is logged, counted and stored
as empty (``None``, or ``[]`` for a list) — the article is kept. A missing list becomes ``[]``.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawler.archive import intake
from newscrawler.items import PageCheck


class ValidatePipeline:
    """Drops items :func:`newscrawler.archive.intake.prepare` rejects, keeps the repaired rest.

    Stats: as :func:`~newscrawler.archive.intake.prepare` counts them: dropped ``missing_<key>`` and
    ``malformed_item`` (declared reasons), ``newscrawler/bad_value/<key>``,
    ``newscrawler/bad_date``, ``newscrawler/empty_field/<site>/<key>``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageCheck):
            return item
        adapter = ItemAdapter(item)
        reason = intake.prepare(adapter, self.stats)
        if reason is not None:
            raise DropItem(f"{reason.replace('_', ' ')}: {adapter.get('url')}")
        return item
