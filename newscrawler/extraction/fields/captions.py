"""``captions`` and ``images``: the article's pictures and what is printed under them.

Both come from the article region read into parts (the image's neighbours, ``<figcaption>``,
centred lines, ``图为…`` paragraphs) plus the hero image and its caption between headline and
body; see :mod:`newscrawler.extraction.body`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newscrawler.extraction.anatomy import ArticlePage


def resolve(page: ArticlePage) -> list[dict[str, Any]]:
    """``[{"text", "image"}]`` in page order."""
    return page.record("captions", "image-neighbours", page.content.captions)


def resolve_images(page: ArticlePage) -> list[str]:
    """Absolute image URLs of the article, in page order, each once."""
    return page.record("images", "body-images", list(dict.fromkeys(page.content.images)))
