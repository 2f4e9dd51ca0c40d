"""Sitemaps and feeds, the second discovery source beside listing pages. Pure: bytes in, URLs (and
what they say of each article: :func:`feed_evidence`, :func:`sitemap_evidence`) out.

Where a portal publishes them — ``Sitemap:`` lines in robots.txt, ``/sitemap.xml``, WordPress's
``/feed/``, RSS/Atom feeds announced by ``<link rel="alternate">`` on its listing pages — they list
articles that no listing shows any more (old pages beyond the pagination, articles filed under
another section). Sitemaps are read with Scrapy's sitemap utilities (the parser SitemapSpider
uses: entities never resolved, broken XML recovered); feeds with parsel.
"""

from __future__ import annotations

import struct
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from parsel import Selector
from scrapy.http import Response, XmlResponse
from scrapy.spiders.sitemap import iterloc
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from newscrawler.extraction.evidence import ListingEvidence

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


def _iso_date(text: str | None) -> str | None:
    """The ``YYYY-MM-DD`` of an ISO 8601 (Atom, sitemap) or RFC 822 (RSS) date, else None."""
    text = (text or "").strip()
    if len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
        return text[:10]
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _evidence(
    url: str, title: str | None, published: str | None, source: str, listing_url: str
) -> ListingEvidence | None:
    title = " ".join((title or "").split()) or None
    published = _iso_date(published)
    if title is None and published is None:
        return None
    return ListingEvidence(title=title, published=published, source=source, listing_url=listing_url)


def feed_evidence(body: bytes, base_url: str) -> dict[str, ListingEvidence]:
    """What an RSS or Atom feed says of each entry (its title, and its date: ``pubDate``,
    ``dc:date``, Atom ``published`` else ``updated``), by absolute link; entries with neither
    are left out. Raises :class:`UnreadableDocument` as :func:`feed_entries`."""
    feed_entries(body, base_url)  # the same checks, the same errors
    sel = Selector(body=body, type="xml")
    sel.remove_namespaces()
    found: dict[str, ListingEvidence] = {}
    for entry in sel.xpath("//item | //entry"):
        link = (
            entry.xpath("link/text()").get()
            or entry.xpath("link[not(@rel) or @rel='alternate'][1]/@href").get()
        )
        if not link or not link.strip():
            continue
        date = entry.xpath("(pubDate | date | published | updated)[1]/text()").get()
        url = urljoin(base_url, link.strip())
        evidence = _evidence(url, entry.xpath("title/text()").get(), date, "feed", base_url)
        if evidence is not None:
            found.setdefault(url, evidence)
    return found


def sitemap_evidence(body: bytes, base_url: str) -> dict[str, ListingEvidence]:
    """What a news sitemap says of each page (``<news:title>``, ``<news:publication_date>``),
    by absolute URL; ``<lastmod>`` is a change date, not publication, and is not used."""
    try:
        sel = Selector(body=body, type="xml")
    except ValueError:
        return {}
    sel.remove_namespaces()
    found: dict[str, ListingEvidence] = {}
    for entry in sel.xpath("/urlset/url[loc][news]"):
        url = urljoin(base_url, (entry.xpath("loc/text()").get() or "").strip())
        evidence = _evidence(
            url,
            entry.xpath("news/title/text()").get(),
            entry.xpath("news/publication_date/text()").get(),
            "sitemap",
            base_url,
        )
        if evidence is not None:
            found.setdefault(url, evidence)
    return found
