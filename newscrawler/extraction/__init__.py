"""Extraction: pure functions from (url, html) to an article item or a listing's links.

Never does I/O: a saved page and a profile are all it needs, so every rule is testable offline.
"""

from newscrawler.extraction.article import (
    ArticlePage,
    Extraction,
    content_hash,
    extract_article,
)
from newscrawler.extraction.decoding import UndecodableError, decode_html
from newscrawler.extraction.listing import Listing, extract_listing, is_detail_url, is_listing_url
from newscrawler.items import ITEM_KEYS

__all__ = [
    "ITEM_KEYS",
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
