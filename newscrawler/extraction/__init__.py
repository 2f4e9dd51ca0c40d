"""Extraction: pure functions from (url, html) to an article item or a listing's links.

Never does I/O: a saved page and a profile are all it needs, so every rule is testable offline.
Imports neither Scrapy nor anything that does: the package runs wherever lxml and parsel do.
"""

from newscrawler.extraction.article import (
    ArticlePage,
    Extraction,
    content_hash,
    extract_article,
)
from newscrawler.extraction.decoding import UndecodableError, decode_html
from newscrawler.extraction.listing import Listing, extract_listing, is_detail_url, is_listing_url

__all__ = [
    "ArticlePage",
    "UndecodableError",
    "Extraction",
    "Listing",
    "content_hash",
    "decode_html",
    "extract_article",
    "extract_listing",
    "is_detail_url",
    "is_listing_url",
]
