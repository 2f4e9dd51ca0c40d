"""Telling a page's CMS family from its markup, for ``--cms auto``."""

from __future__ import annotations

from newscrawler.profiles import FAMILIES, load_preset


def detect_family(html: str) -> str | None:
    """The family whose preset's ``detect`` markers occur most in ``html`` (None if no marker)."""
    best, best_hits = None, 0
    for family in FAMILIES:
        hits = sum(1 for marker in load_preset(family).detect if marker in html)
        if hits > best_hits:
            best, best_hits = family, hits
    return best
