"""Validation against the item schema (:mod:`newscrawler.schema`).

An item lacking a required field (non-empty text) is dropped, counted per field. A value of the
wrong shape in an optional field, or a date that is not ISO 8601, is logged, counted and stored
as empty (``None``, or ``[]`` for a list) — the article is kept. A missing list becomes ``[]``.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawler import reasons, stat_keys
from newscrawler.extraction.dates import is_valid_iso
from newscrawler.items import PageCheck
from newscrawler.schema import Place, fields_at

logger = logging.getLogger(__name__)

_KEYS = fields_at(Place.KEY)


class ValidatePipeline:
    """Drops items missing a required field (counted per reason), repairs what can be repaired.

    Stats: dropped ``missing_<key>`` (a declared reason), ``newscrawler/bad_value/<key>`` (wrong shape,
    stored as empty), ``newscrawler/bad_date``, ``newscrawler/empty_field/<site>/<key>``.
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
        for field in _KEYS:
            value = adapter.get(field.name)
            if field.required and not (isinstance(value, str) and value.strip()):
                reasons.count(self.stats, f"missing_{field.name}")
                raise DropItem(f"missing {field.name}: {adapter.get('url')}")
            if value is not None and not field.kind.accepts(value):
                logger.warning(
                    "bad %s %r on %s: not %s, stored as empty",
                    field.name, value, adapter.get("url"), field.kind.json_doc(),
                )  # fmt: skip
                self.stats.inc_value(stat_keys.BAD_VALUE + field.name)
                adapter[field.name] = None
        published = adapter.get("published")
        if published is not None and not is_valid_iso(published):
            logger.warning("bad date %r on %s: stored as None", published, adapter["url"])
            self.stats.inc_value(stat_keys.BAD_DATE)
            adapter["published"] = None
        for field in _KEYS:
            if adapter.get(field.name) in (None, []):
                adapter[field.name] = field.kind.empty()
                self.stats.inc_value(f"{stat_keys.EMPTY_FIELD}{adapter.get('site')}/{field.name}")
        return item
