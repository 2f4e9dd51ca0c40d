"""``url``: the page's ``<link rel=canonical>`` when it is on the same site, else the fetched URL;
canonicalized either way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawler.extraction.urls import absolute, canonicalize, same_host

if TYPE_CHECKING:
    from newscrawler.extraction.anatomy import ArticlePage


def resolve(page: ArticlePage) -> str:
    """The article's canonical URL."""
    href = absolute(page.url, page.sel.xpath("//link[@rel='canonical']/@href").get())
    if href and same_host(href, page.url):
        return page.record("url", "canonical-link", canonicalize(href))
    return page.record("url", "fetched-url", canonicalize(page.url))


def own_urls(page: ArticlePage) -> list[str]:
    """URLs of this article: the fetched one, its canonical and ``og:url``, and the link on its
    headline (blogs link the title to the permalink)."""
    hrefs = [
        page.sel.xpath("//link[@rel='canonical']/@href").get(),
        page.sel.xpath("//meta[@property='og:url']/@content").get(),
    ]
    node = page.headline.node
    if node is not None:
        hrefs.extend(a.get("href") for a in node.iter("a"))
        hrefs.extend(a.get("href") for a in node.iterancestors("a"))
    urls = [page.url, *(absolute(page.url, h) for h in hrefs)]
    return list(dict.fromkeys(u for u in urls if u))
