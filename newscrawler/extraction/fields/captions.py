"""``captions`` and ``images``: the article's pictures and what is printed under them.

Both come from the article region read into parts (the image's neighbours, ``<figcaption>``,
centred lines, ``图为…`` paragraphs) plus the hero image and its caption between headline and
body; see :mod:`newscrawler.extraction.body`. Where the portal's learned template has a
``captions`` rule that matches, its caption elements are the captions, each with the image in it
or beside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newscrawler.extraction.text import collapse, image_source
from newscrawler.extraction.urls import absolute

if TYPE_CHECKING:
    from newscrawler.extraction.anatomy import ArticlePage


def resolve(page: ArticlePage) -> list[dict[str, Any]]:
    """``[{"image_url", "text"}]`` in page order (``image_url`` may be None)."""
    learned = [
        {"image_url": _image_of(page, el), "text": text}
        for el in page.rule_results("captions")
        if not isinstance(el, str)
        for text in [collapse(el.text_content())]
        if text
    ]
    if learned:
        return page.record("captions", "template:captions", learned)
    return page.record("captions", "image-neighbours", page.content.captions)


def _image_of(page: ArticlePage, caption: Any) -> str | None:
    """The image a caption element describes: one inside it, else inside its parent."""
    for holder in (caption, caption.getparent()):
        if holder is not None:
            for img in holder.iter("img"):
                src = image_source(img)
                if src:
                    return absolute(page.url, src)
    return None


def resolve_images(page: ArticlePage) -> list[str]:
    """Absolute image URLs of the article, in page order, each once."""
    return page.record("images", "body-images", list(dict.fromkeys(page.content.images)))
