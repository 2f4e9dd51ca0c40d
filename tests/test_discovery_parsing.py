"""Reading sitemaps and feeds (pure): what counts as one, and what is refused as unreadable."""

from __future__ import annotations

import gzip

import pytest
from scrapy.http import Request, TextResponse, XmlResponse

from newscrawler.crawl.discovery import (
    UnreadableDocument,
    announced_feeds,
    feed_entries,
    read_sitemap,
    robots_sitemaps,
    sitemap_body,
)
from newscrawler.replica import build_portal

URLSET = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc> /news/1.htm </loc></url><url><loc>https://h.edu/news/2.htm</loc></url></urlset>"""


def xml_response(url: str, body: bytes, cls=XmlResponse):
    return cls(url, body=body, request=Request(url))


def test_sitemap_locations_are_absolute_and_in_order():
    kind, urls = read_sitemap(URLSET, "https://h.edu/sitemap.xml")
    assert (kind, urls) == ("urlset", ["https://h.edu/news/1.htm", "https://h.edu/news/2.htm"])


def test_gzipped_sitemap_is_read_within_the_size_limit():
    packed = xml_response("https://h.edu/s.xml.gz", gzip.compress(URLSET), TextResponse)
    assert sitemap_body(packed, max_size=10_000) == URLSET
    with pytest.raises(UnreadableDocument):
        sitemap_body(packed, max_size=100)


@pytest.mark.parametrize(
    "body", [b"", b"<html><body>Not found</body></html>", b"<rss><channel/></rss>"]
)
def test_what_is_no_sitemap_is_unreadable(body):
    with pytest.raises(UnreadableDocument):
        read_sitemap(body, "https://h.edu/sitemap.xml")


def test_rss_and_atom_entries():
    rss = b"<rss version='2.0'><channel><item><link>/a/1</link></item></channel></rss>"
    atom = (
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><link rel='edit' href='/e'/>"
        b"<link rel='alternate' href='https://h.edu/a/2'/></entry></feed>"
    )
    assert feed_entries(rss, "https://h.edu/feed/") == ["https://h.edu/a/1"]
    assert feed_entries(atom, "https://h.edu/atom.xml") == ["https://h.edu/a/2"]


@pytest.mark.parametrize("body", [b"", b"  ", b"<html><body>x</body></html>"])
def test_what_is_no_feed_is_unreadable(body):
    with pytest.raises(UnreadableDocument):
        feed_entries(body, "https://h.edu/feed/")


def test_feeds_announced_on_a_page_and_sitemaps_named_in_robots_txt():
    html = (
        "<head><link rel='alternate' type='application/rss+xml' href='/feed/'>"
        "<link rel='alternate' hreflang='en' href='/en/'></head>"
    )
    assert announced_feeds(html, "https://h.edu/news/") == ["https://h.edu/feed/"]
    robots = b"User-agent: *\nSitemap: /s1.xml\nsitemap: https://h.edu/s2.xml\n"
    assert robots_sitemaps(robots, "https://h.edu/robots.txt") == [
        "https://h.edu/s1.xml",
        "https://h.edu/s2.xml",
    ]


@pytest.mark.parametrize(
    "options",
    [{"publish": ("rss",)}, {"unlisted": 3}, {"publish": ("robots",), "unlisted": 20}],
)
def test_replica_refuses_publish_options_it_cannot_serve(options):
    with pytest.raises(ValueError):
        build_portal("vsb", 20, **options)
