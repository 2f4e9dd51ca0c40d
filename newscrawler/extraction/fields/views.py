"""``views``: the view count the page prints, and the counter URL that gives the live count.

Chain for the count: the profile's ``views`` selector; the learned template's ``views`` rule (or
a views field on its metadata line); the preset's ``views`` selector, or the element its family's
hook reads (WebPlus's ``WP_VisitCount``); a labelled views field on a metadata line; a count printed before its
word (``2638 views``, ``1200次浏览``); a views line in the body. The counter URL is given wherever
the family's hook finds one (VSB's ``_showDynClicks``, WebPlus's ``WP_VisitCount``: see
:mod:`newscrawler.extraction.hooks`), even when the saved page shows no number (the CMS's script
fills it in).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newscrawler.extraction.body import INT, printed_count
from newscrawler.extraction.metalines import split_fields
from newscrawler.extraction.vocabulary import VIEWS_SUFFIXES

if TYPE_CHECKING:
    from newscrawler.extraction.anatomy import ArticlePage

#: A count printed before its word: ``2638 views``, ``1200次浏览``.
_VIEWS_AFTER = re.compile(
    rf"(?<![\d.:/-])(\d[\d,]*)\s*(?:{'|'.join(VIEWS_SUFFIXES)})(?![A-Za-z])", re.I
)


def resolve(page: ArticlePage) -> tuple[int | None, str | None]:
    """The view count (None where the page shows none) and the counter URL (or None)."""
    value, counter, step = _views(page)
    return page.record("views", step, value), counter


def _views(page: ArticlePage) -> tuple[int | None, str | None, str]:
    counter, printed = page.hooks.views(page.html, page.sel, page.url)
    selected = f"{page.origin('views')}:selector"
    by_profile = page.origin("views") == "profile"
    chain = [
        *((t, selected) for t in (page.texts("views") if by_profile else [])),
        *((t, "template:views") for t in page.rule_texts("views")[:1]),
        *((t, selected) for t in ([] if by_profile else page.texts("views"))),
        *((t, selected) for t in printed),
    ]
    for text, step in chain:
        count = _count_in(text)
        if count is not None:
            return count, counter, step
    for line in page.meta_lines:
        for field in line.fields:
            count = printed_count(field.value) if field.role == "views" else None
            if count is not None:
                return count, counter, "template:views" if line.learned else "metadata-line"
    for line in page.meta_lines:
        number = _VIEWS_AFTER.search(line.text)
        if number:
            return int(number.group(1).replace(",", "")), counter, "metadata-line"
    if page.content.views is not None:
        return page.content.views, counter, "body-line"
    return None, counter, "none"


def _count_in(text: str) -> int | None:
    """The view count in a selected element's text. A bare count (``1200``, ``点击：[56]``)
    gives its first number; a whole metadata line (a learned rule may locate the line that holds
    the counter, ``发布时间：2025-03-28　作者：王静　点击：[4455]``) gives only its views field
    or a count printed before its word, never the year of its date. None where neither is there.
    """
    fields = split_fields(text)
    for field in fields:
        if field.role == "views":
            return printed_count(field.value)
    if any(field.label for field in fields):
        number = _VIEWS_AFTER.search(text)
        return int(number.group(1).replace(",", "")) if number else None
    number = INT.search(text)
    return int(number.group().replace(",", "")) if number else None
