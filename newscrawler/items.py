"""The article item (DESIGN §1), as a Scrapy item so every Scrapy exporter and pipeline knows it."""

import scrapy


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
    archive_status = scrapy.Field()
