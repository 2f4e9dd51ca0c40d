"""Tuning half and checking half of every corpus, fixed by a hash of each page's file name.

Rules are tuned on the tuning half only and judged by the checking half (issue 17): a change that
lifts the tuning half and not the checking half is fitted to pages, not a kind of page.

The name hashed is the page's file name in its corpus: ``aeb``: ``<id>.html.gz``; ``cwced``:
``<id>.html``; ``sites``: the file name in the site's folder (``info-1012-3456.htm``); the
university fixtures: ``<site>/<case>`` (their folder names, as every file is ``page.html``).

Example::

    >>> corpus_half("03-9d-c24267a328605-page.html") in ("tuning", "checking")
    True
"""

from __future__ import annotations

import hashlib
from typing import Literal

Half = Literal["tuning", "checking"]
HALVES: tuple[Half, Half] = ("tuning", "checking")


def corpus_half(name: str) -> Half:
    """``"tuning"`` when the first byte of the SHA-1 of ``name`` (UTF-8) is even, else
    ``"checking"``. Stable across runs, machines and Python versions."""
    return "tuning" if hashlib.sha1(name.encode("utf-8")).digest()[0] % 2 == 0 else "checking"
