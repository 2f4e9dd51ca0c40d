"""The reference article (shared/reference/ustb-en-digital-transformation.txt) as an Article.

The text file is the page as a reader sees it: blurb, headline, paragraphs with each photo
caption set off by two blank lines, the ``Draft:``/``Revision:`` lines, then the metadata list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from importlib import resources

from newscrawler.replica.article import Article, Block, Credit

REFERENCE_ID = 5462
REFERENCE_VIEWS = 1376
REFERENCE_TOPICS = ["University News"]
REFERENCE_DATE = datetime(2022, 8, 24, tzinfo=timezone(timedelta(hours=8)))


def _parse(raw: str) -> tuple[str, list[tuple[str, bool]], list[Credit]]:
    """Headline, body blocks as (text, is_caption), and credits of the saved text."""
    chunks: list[tuple[str, int]] = []  # (line, blank lines before it)
    blanks = 0
    for line in raw.splitlines():
        if line.strip():
            chunks.append((line.strip(), blanks))
            blanks = 0
        else:
            blanks += 1
    title = chunks[2][0]  # after the two blurb lines
    blocks: list[tuple[str, bool]] = []
    credits: list[Credit] = []
    for line, before in chunks[3:]:
        if line.startswith("•"):
            break
        label, sep, name = line.partition(": ")
        if sep and label in ("Draft", "Revision"):
            credits.append(Credit(label, (name,)))
        else:
            blocks.append((line, before >= 2))
    return title, blocks, credits


def reference_article(number: int, index: int, image_path: Callable[[int, int], str]) -> Article:
    """The reference article, with images at ``image_path(number, i)``."""
    raw = (
        resources.files("newscrawler.replica")
        .joinpath("data/ustb-en-digital-transformation.txt")
        .read_text("utf-8")
    )
    title, parsed, credits = _parse(raw)
    blocks = []
    images = 0
    for line, is_caption in parsed:
        if is_caption:
            blocks.append(Block(line, image_path(number, images)))
            images += 1
        else:
            blocks.append(Block(line))
    return Article(
        number,
        index,
        title,
        blocks,
        [],
        credits,
        list(REFERENCE_TOPICS),
        REFERENCE_DATE,
        REFERENCE_VIEWS,
        "en",
        with_time=False,
    )
