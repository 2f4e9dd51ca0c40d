"""Sitemaps and feeds of a replica portal: the second discovery source a crawler may use.

Rendered from plain (path, title) lists; ``base`` (``http://host:port``) makes locations absolute,
as the sitemap protocol requires (empty for static dumps, where they stay root-relative).
"""

from __future__ import annotations

from html import escape

#: Where each publishing option puts its document.
ROBOTS_SITEMAP_INDEX = "/sitemaps/index.xml"
SITEMAP_PARTS = ("/sitemaps/news-1.xml", "/sitemaps/news-2.xml")
DEFAULT_SITEMAP = "/sitemap.xml"
ANNOUNCED_FEED = "/news/atom.xml"
WORDPRESS_FEED = "/feed/"

#: ``publish`` options of a replica portal.
SOURCES = ("robots", "sitemap.xml", "feed-link", "wp-feed")


def sitemap_index(base: str) -> str:
    parts = "".join(f"<sitemap><loc>{base}{path}</loc></sitemap>" for path in SITEMAP_PARTS)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{parts}</sitemapindex>'
    )


def urlset(base: str, paths: list[str]) -> str:
    urls = "".join(f"<url><loc>{escape(base + path)}</loc></url>\n" for path in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>'
    )


def rss(base: str, entries: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(base + path)}</link></item>\n"
        for path, title in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>News</title><link>{base}/</link>\n{items}</channel></rss>"
    )


def atom(base: str, entries: list[tuple[str, str]]) -> str:
    items = "".join(
        f'<entry><title>{escape(title)}</title><link rel="alternate" href="{escape(base + path)}"/>'
        f"<id>{escape(base + path)}</id></entry>\n"
        for path, title in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>News</title>\n{items}</feed>"
    )


def announce(html: str, base: str) -> str:
    """The page with its feed announced in ``<head>``."""
    link = f'<link rel="alternate" type="application/atom+xml" href="{base}{ANNOUNCED_FEED}">'
    return html.replace("</head>", link + "</head>", 1)
