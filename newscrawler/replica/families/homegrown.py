"""What the replica portals of home-grown templates share: no CMS family, articles of varied length.

These portals (``newscrawler.replica.UNSEEN``) are built from no real site's markup and belong to
no CMS family the profiles know, so a crawl names ``--cms auto``. Their articles vary more in
length than the family replicas' (one short paragraph to a dozen), and listings print some titles
cut with an ellipsis, as real listings do.
"""

from __future__ import annotations

import dataclasses
import re

from newscrawler.replica import text
from newscrawler.replica.article import Article, Block
from newscrawler.replica.families.base import Family

_NUMBER = re.compile(r"\d+")


class HomegrownFamily(Family):
    """Base of a portal on a template of its own (no CMS family)."""

    #: the portal's article numbers are offset by this in its URLs (``id=`` of the first article)
    first_id: int = 100

    @property
    def cms(self) -> str:
        """No known family: a crawl detects what it can (``--cms auto``)."""
        return "auto"

    def article_id(self, number: int) -> int:
        return self.first_id + number

    def number_of(self, raw: str) -> int | None:
        """The article number an ``id`` printed in a URL names, or None when it is no number."""
        return int(raw) - self.first_id if _NUMBER.fullmatch(raw or "") else None

    def article(self, number: int) -> Article:
        """The generated article, made short (one paragraph, maybe its photo) or long (up to
        eight more paragraphs) for some numbers, so body lengths vary as on a real portal."""
        article = super().article(number)
        rng = text.rng_for(self.seed, self.name, "length", number)
        kind = rng.random()
        blocks = article.blocks
        if kind < 0.2:  # a short notice: the first paragraph and whatever image follows it
            first = next(i for i, b in enumerate(blocks) if not b.is_image)
            blocks = blocks[: first + 1] + [b for b in blocks[first + 1 : first + 2] if b.is_image]
        elif kind > 0.75:  # a long report
            extra = [Block(text.paragraph(article.language, rng)) for _ in range(rng.randint(4, 8))]
            blocks = blocks + extra
        return dataclasses.replace(article, blocks=blocks)


def cut(title: str, limit: int, mark: str) -> str:
    """``title`` as a listing prints it: at most ``limit`` characters, then ``mark`` (``…``)."""
    if len(title) <= limit:
        return title
    head = title[:limit]
    if " " in title:  # English: cut at a word boundary
        head = head.rsplit(" ", 1)[0]
    return head + mark
