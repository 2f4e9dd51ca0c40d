"""``body``: the article text, paragraphs joined by blank lines.

Chain for the article region (the element holding the text): the profile's ``body`` selector;
the learned template's ``body`` rule (its first matched container that is no furniture block);
the family preset's selector; the generic chain (article containers, then text density). Inside
it the region's furniture (share bars, related boxes, category labels; with a template, every
block the template lists as furniture) and the ``exclude`` selector's elements are skipped; :mod:`newscrawler.extraction.body` reads the rest into parts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newscrawler.extraction import generic

if TYPE_CHECKING:
    from newscrawler.extraction.anatomy import ArticlePage, Found


def locate(page: ArticlePage) -> Found:
    """The region element, the step that found it, and (as ``node``) the elements to skip."""
    from newscrawler.extraction.anatomy import Found

    excluded = {n.root for xp in page.profile.xpaths("exclude") for n in page.sel.xpath(xp)}
    by_profile = page.origin("body") == "profile"
    found = page.first("body") if by_profile else []
    if found:
        return _region(page, found[0].root, "profile:selector", excluded)
    learned = [r for r in page.rule_results("body") if not isinstance(r, str)]
    if learned:
        return _region(page, learned[0], "template:body", excluded)
    found = [] if by_profile else page.first("body")
    if found:
        return _region(page, found[0].root, f"{page.origin('body')}:selector", excluded)
    root, step, noise = generic.body_element(page.sel)
    if root is not None:
        noise = noise | page.furniture_within(root)
    return Found(root, step, frozenset(noise | excluded))


def _region(page: ArticlePage, root: Any, step: str, excluded: set[Any]) -> Found:
    """A region found by a selector or rule, with its furniture and excluded elements to skip."""
    from newscrawler.extraction.anatomy import Found

    skip = generic.furniture_within(root) | page.furniture_within(root) | excluded
    return Found(root, step, frozenset(skip))


def resolve(page: ArticlePage) -> str | None:
    """The body text, or None when the page has no article region or it reads empty."""
    text = "\n\n".join(page.content.blocks) or None
    return page.record("body", page.region.step, text)
