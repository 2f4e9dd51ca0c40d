"""``title``: the article's headline.

Chain: the profile's ``title`` selector; the family preset's; the generic chain (a heading the
``<title>`` contains, JSON-LD, OpenGraph, the first ``<h1>``, the ``<title>`` minus its site
suffix); last, the heading right above the body.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawler.extraction import generic
from newscrawler.extraction.text import collapse

if TYPE_CHECKING:
    from newscrawler.extraction.anatomy import ArticlePage, Found


def locate(page: ArticlePage) -> Found:
    """The headline's text, the step that found it and its element (None when not an element)."""
    from newscrawler.extraction.anatomy import Found

    for node in page.first("title"):
        text = collapse(node.xpath("string(.)").get() or "")
        if text:
            return Found(text, f"{page.origin('title')}:selector", node.root)
    value, step, node = generic.title(page.sel)
    if value is None:  # no <title>, no <h1>: the heading right above the body
        node = generic.heading_before(page.sel, page.region.value)
        if node is not None:
            return Found(collapse(node.text_content()), "generic:heading", node)
    return Found(value, step, node)


def resolve(page: ArticlePage) -> str | None:
    """The title (whitespace collapsed), or None."""
    return page.record("title", page.headline.step, page.headline.value)
