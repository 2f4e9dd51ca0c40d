"""``attachments``: files the article links (``附件：…`` lines, document links, and the file
links the family's hooks know: WebPlus ``sudyfile-attr``, VSB downloads), in page order: inside the body, then in the blocks right after
it (never in a teaser card). See :mod:`newscrawler.extraction.attachments`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawler.extraction.attachments import attachments_in, blocks_after

if TYPE_CHECKING:
    from newscrawler.extraction.anatomy import ArticlePage


def resolve(page: ArticlePage) -> list[dict[str, str]]:
    """``[{"url", "title"}]``; ``[]`` when the page has no article region."""
    root = page.region.value
    if root is None:
        return []
    roots = [root, *(b for b in blocks_after(root) if not page.in_teaser(b))]
    return page.record(
        "attachments", "body-links", attachments_in(roots, page.url, page.region.node, page.hooks)
    )
