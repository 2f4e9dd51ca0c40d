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
    """The image a caption element describes: one inside it; else the nearest image printed
    before it (in a preceding sibling of the caption or of one of its two nearest ancestors, with
    no text standing between: a body of ``<p><img></p><p>caption</p>`` pairs gives each caption
    its own picture, not the body's first); else one after it among its siblings, else one inside
    its parent."""
    for img in caption.iter("img"):
        if src := image_source(img):
            return absolute(page.url, src)
    node = caption
    for _ in range(3):
        for sibling in node.itersiblings(preceding=True):
            if not isinstance(sibling.tag, str):
                continue  # a comment
            if src := _first_image(sibling):
                return absolute(page.url, src)
            if collapse(sibling.text_content()):
                break  # text between: what stands before it is not this caption's picture
        node = node.getparent()
        if node is None:
            return None
    for sibling in caption.itersiblings():
        if isinstance(sibling.tag, str) and (src := _first_image(sibling)):
            return absolute(page.url, src)
    parent = caption.getparent()
    src = _first_image(parent) if parent is not None else None
    return absolute(page.url, src) if src else None


def _first_image(element: Any) -> str | None:
    """The source of the first image in ``element`` (itself included), None where it has none."""
    for img in element.iter("img"):
        if src := image_source(img):
            return src
    return None


def resolve_images(page: ArticlePage) -> list[str]:
    """Absolute image URLs of the article, in page order, each once."""
    return page.record("images", "body-images", list(dict.fromkeys(page.content.images)))
