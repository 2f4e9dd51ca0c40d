"""WebPlus (Sudy) quirks: the ``WP_VisitCount`` view counter element (its ``url`` attribute is
the live counter, its text the count when the saved page has one) and the ``sudyfile-attr``
attribute that marks a file link and keeps the file's name (``{'title':'名单.docx'}``)."""

from __future__ import annotations

import re
from typing import Any

from newscrawler.extraction.urls import absolute

_VISIT_COUNT = "//*[contains(@class, 'WP_VisitCount')]"
_SUDY_TITLE = re.compile(r"""['"]title['"]\s*:\s*['"]([^'"]+)['"]""")


def views(html: str, sel: Any, url: str) -> tuple[str | None, list[str]]:
    """The counter element's ``url`` attribute, absolute (or None), and its text (the count,
    where the saved page shows one)."""
    counter = sel.xpath(_VISIT_COUNT)[:1]
    if not counter:
        return None, []
    return absolute(url, counter[0].attrib.get("url")), [counter[0].xpath("string(.)").get() or ""]


def file_link(anchor: Any) -> bool:
    """True for a link WebPlus marks as a file (``sudyfile-attr``)."""
    return anchor.get("sudyfile-attr") is not None


def file_name(anchor: Any) -> str | None:
    """The file name in ``sudyfile-attr``, or None."""
    named = _SUDY_TITLE.search(anchor.get("sudyfile-attr") or "")
    return named.group(1) if named else None
