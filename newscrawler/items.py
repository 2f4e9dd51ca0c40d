"""The Scrapy items: the article (its fields generated from :mod:`newscrawler.schema`) and the
page check, so every Scrapy exporter and pipeline knows them."""

import scrapy
from scrapy.item import ItemMeta

from newscrawler.schema import ITEM_KEYS, Place, fields_at

__all__ = ["ITEM_KEYS", "ArticleItem", "PageCheck"]

ArticleItem = ItemMeta(
    "ArticleItem",
    (scrapy.Item,),
    {
        "__module__": __name__,
        "__doc__": "One article (detail page): the item keys (docs/design.md, 'The article item') "
        "and what the crawl carries along (extraction, fetched_url, HTTP validators, "
        "archive_status). Fields and meaning: newscrawler.schema.FIELDS.",
        **{field.name: scrapy.Field(doc=field.doc) for field in fields_at(Place.ITEM)},
    },
)


class PageCheck(scrapy.Item):
    """A known article re-checked without a new copy: ``304 Not Modified`` (still the same) or
    ``404``/``410`` (gone), with the WARC record of that answer when it was captured
    (``warc_file``, ``warc_offset``, ``warc_record_id``). The archive records it in
    ``page_checks``; nothing else in the pipeline touches it. ``listing_evidence``: what the
    listings said of the article this run (its new entries become ``listing_evidence`` rows)."""

    url = scrapy.Field()
    site = scrapy.Field()
    status = scrapy.Field()
    fetched_at = scrapy.Field()
    warc_file = scrapy.Field()
    warc_offset = scrapy.Field()
    warc_record_id = scrapy.Field()
    listing_evidence = scrapy.Field()
