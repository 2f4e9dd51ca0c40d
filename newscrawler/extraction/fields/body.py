"""``body``: the article text, paragraphs joined by blank lines.

Chain for the article region (the element holding the text): the profile's ``body`` selector;
the family preset's; the generic chain (article containers, then text density). Inside it the
region's furniture (share bars, related boxes, category labels) and the ``exclude`` selector's
elements are skipped; :mod:`newscrawler.extraction.body` reads the rest into parts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawler.extraction import generic

if TYPE_CHECKING:
    from newscrawler.extraction.anatomy import ArticlePage, Found


def locate(page: ArticlePage) -> Found:
    """The region element, the step that found it, and (as ``node``) the elements to skip."""
    from newscrawler.extraction.anatomy import Found

    excluded = {n.root for xp in page.profile.xpaths("exclude") for n in page.sel.xpath(xp)}
    found = page.first("body")
    if found:
        root = found[0].root
        skip = generic.furniture_within(root) | excluded
        return Found(root, f"{page.origin('body')}:selector", frozenset(skip))
    root, step, noise = generic.body_element(page.sel)
    return Found(root, step, frozenset(noise | excluded))


def resolve(page: ArticlePage) -> str | None:
    """The body text, or None when the page has no article region or it reads empty."""
    text = "\n\n".join(page.content.blocks) or None
    return page.record("body", page.region.step, text)
