"""A profile's selectors evaluated cheaply: compiled once, and all of a key's tried at once.

A key's selectors (``title = [".arti-tit h1", ".arti_title", …]``) are tried in order and the
first that matches wins. On most pages most of them match nothing, so each key's selectors are
also joined into one XPath union, compiled once per selector list (so once per profile) and
evaluated first: when the union finds nothing, no single selector can, and the page is walked
once instead of once per selector.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from parsel import Selector

from newscrawler.profiles import SiteProfile

#: Compiled unions by selector list; ``None`` where the list does not join into one expression.
_UNIONS: dict[tuple[str, ...], etree.XPath | None] = {}


def _union(xpaths: tuple[str, ...]) -> etree.XPath | None:
    """The compiled union of ``xpaths`` (cached); None when they do not form a node-set union."""
    try:
        return _UNIONS[xpaths]
    except KeyError:
        pass
    try:
        union: etree.XPath | None = etree.XPath(" | ".join(f"({x})" for x in xpaths))
    except etree.XPathSyntaxError:
        union = None
    _UNIONS[xpaths] = union  # a race only compiles the same expression twice
    return union


def first_match(sel: Selector, profile: SiteProfile, key: str) -> list[Any]:
    """The nodes (parsel selectors) of the first of ``profile``'s ``key`` selectors that matches
    anything on the page ``sel``, or ``[]``."""
    xpaths = profile.xpaths(key)
    if not xpaths:
        return []
    union = _union(xpaths) if len(xpaths) > 1 else None
    if union is not None:
        try:
            if not union(sel.root):
                return []
        except etree.XPathEvalError:  # e.g. a selector yielding a number: try them one by one
            pass
    for xpath in xpaths:
        found = sel.xpath(xpath)
        if found:
            return list(found)
    return []
