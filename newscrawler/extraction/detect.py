"""Telling a page's CMS family from its markup, for ``--cms auto``."""

from __future__ import annotations

from newscrawler.extraction.substrings import occurring
from newscrawler.profiles import FAMILIES, load_preset


def detect_family(html: str) -> str | None:
    """The family whose preset's ``detect`` markers occur most in ``html`` (None if no marker;
    the first of :data:`FAMILIES` among equals)."""
    markers = [m for family in FAMILIES for m in load_preset(family).detect]
    present = set(occurring(html, list(dict.fromkeys(markers))))
    best, best_hits = None, 0
    for family in FAMILIES:
        hits = sum(1 for marker in load_preset(family).detect if marker in present)
        if hits > best_hits:
            best, best_hits = family, hits
    return best
