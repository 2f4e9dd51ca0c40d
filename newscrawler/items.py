"""The article item (DESIGN §1), as a Scrapy item so every Scrapy exporter and pipeline knows it."""

import scrapy

#: Keys of the article item (DESIGN §1), in order: what JSON Lines and exports carry.
ITEM_KEYS = (
    "url", "site", "title", "body", "captions", "images", "credits", "topics",
    "published", "views", "language", "fetched_at", "content_hash",
)  # fmt: skip


class ArticleItem(scrapy.Item):
    """One article (detail page). Keys and meaning: DESIGN §1; ``extraction`` records, per field,
    which profile selector, preset or fallback produced it; ``archive_status`` is set by the
    archive pipeline (new / changed / unchanged) and is never exported."""

    url = scrapy.Field()
    site = scrapy.Field()
    title = scrapy.Field()
    body = scrapy.Field()
    captions = scrapy.Field()
    images = scrapy.Field()
    credits = scrapy.Field()
    topics = scrapy.Field()
    published = scrapy.Field()
    views = scrapy.Field()
    language = scrapy.Field()
    fetched_at = scrapy.Field()
    content_hash = scrapy.Field()
    extraction = scrapy.Field()
    fetched_url = scrapy.Field()  # the URL as linked, when the article's own URL differs
    etag = scrapy.Field()  # HTTP validators, for conditional re-fetches
    last_modified = scrapy.Field()
    archive_status = scrapy.Field()


class PageCheck(scrapy.Item):
    """A known article re-checked without a new copy: ``304 Not Modified`` (still the same) or
    ``404``/``410`` (gone). The archive records it; nothing else in the pipeline touches it."""

    url = scrapy.Field()
    site = scrapy.Field()
    status = scrapy.Field()
    fetched_at = scrapy.Field()
