"""Sitemaps and feeds, the second discovery source beside listing pages. Pure: bytes in, URLs out.

Where a portal publishes them — ``Sitemap:`` lines in robots.txt, ``/sitemap.xml``, WordPress's
``/feed/``, RSS/Atom feeds announced by ``<link rel="alternate">`` on its listing pages — they list
articles that no listing shows any more (old pages beyond the pagination, articles filed under
another section). Sitemaps are read with Scrapy's sitemap utilities (the parser SitemapSpider
uses: entities never resolved, broken XML recovered); feeds with parsel.
"""

from __future__ import annotations

import struct
from urllib.parse import urljoin

from parsel import Selector
from scrapy.http import Response, XmlResponse
from scrapy.spiders.sitemap import iterloc
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

#: ``type`` values of ``<link rel="alternate">`` that announce a feed.
FEED_TYPES = ("application/rss+xml", "application/atom+xml")


class UnreadableDocument(ValueError):
    """A sitemap or feed that is not one (HTML error page, broken or oversized archive)."""


def robots_sitemaps(robots_txt: bytes, base_url: str) -> list[str]:
    """Absolute URLs of the ``Sitemap:`` lines of a robots.txt, in order."""
    return list(dict.fromkeys(sitemap_urls_from_robots(robots_txt, base_url=base_url)))


def sitemap_body(response: Response, max_size: int) -> bytes:
    """The XML of a sitemap response, gunzipped when it is a ``.xml.gz`` (at most ``max_size``
    bytes once uncompressed; 0 means no limit). Raises :class:`UnreadableDocument`."""
    if gzip_magic_number(response):
        try:
            return gunzip(response.body, max_size=max_size)
        except (ValueError, OSError, EOFError, struct.error) as exc:  # too big, or broken
            raise UnreadableDocument(f"unreadable gzip: {exc}") from None
    if isinstance(response, XmlResponse) or response.body.lstrip()[:5] == b"<?xml":
        return response.body
    raise UnreadableDocument("not XML")


def read_sitemap(body: bytes, base_url: str) -> tuple[str, list[str]]:
    """``("sitemapindex", sitemap URLs)`` or ``("urlset", page URLs)``: absolute, in order.

    Raises :class:`UnreadableDocument` for anything else (an RSS feed served as a sitemap, an
    HTML page)."""
    try:
        sitemap = Sitemap(body)
    except (StopIteration, SyntaxError) as exc:  # empty or not XML at all
        raise UnreadableDocument(f"not a sitemap: {exc}") from None
    if sitemap.type not in ("sitemapindex", "urlset"):
        raise UnreadableDocument(f"not a sitemap: root element <{sitemap.type}>")
    urls = [urljoin(base_url, loc.strip()) for loc in iterloc(sitemap)]
    return sitemap.type, list(dict.fromkeys(urls))


def feed_entries(body: bytes, base_url: str) -> list[str]:
    """Absolute links of the entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in order.

    Raises :class:`UnreadableDocument` when the document is no feed."""
    if not body.strip():
        raise UnreadableDocument("empty")
    sel = Selector(body=body, type="xml")
    sel.remove_namespaces()
    root = sel.xpath("name(/*)").get()
    if root in ("rss", "RDF"):
        links = sel.xpath("//item/link/text()").getall()
    elif root == "feed":
        links = sel.xpath("//entry/link[not(@rel) or @rel='alternate'][1]/@href").getall()
    else:
        raise UnreadableDocument(f"not a feed: root element <{root}>")
    urls = [urljoin(base_url, link.strip()) for link in links if link.strip()]
    return list(dict.fromkeys(urls))


def announced_feeds(html: str, base_url: str) -> list[str]:
    """Feeds an HTML page announces with ``<link rel="alternate" type="application/rss+xml">``
    (or Atom), as absolute URLs."""
    sel = Selector(text=html or "<html></html>")
    hrefs = [
        node.attrib.get("href", "").strip()
        for node in sel.xpath("//link[@href]")
        if "alternate" in node.attrib.get("rel", "").lower().split()
        and node.attrib.get("type", "").lower().strip() in FEED_TYPES
    ]
    return list(dict.fromkeys(urljoin(base_url, h) for h in hrefs if h))
