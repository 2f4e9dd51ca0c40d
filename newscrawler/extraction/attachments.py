"""Files an article links as its attachments: ``附件：…`` lines, links to documents and archives,
and the links a family's hooks know as files (WebPlus ``sudyfile-attr`` links, VSB's
``/system/_content/download.jsp``: :mod:`newscrawler.extraction.hooks`).

Pure: an lxml element in, ``[{"url", "title"}]`` out. The attachment line itself stays in the
body (it is text the reader sees); this only lists the files.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from newscrawler.extraction import generic
from newscrawler.extraction.hooks import FamilyHooks
from newscrawler.extraction.text import collapse
from newscrawler.extraction.urls import absolute
from newscrawler.extraction.vocabulary import (
    ATTACHMENT_LINE,
    FILE_SUFFIXES,
    GENERIC_DOWNLOAD_TITLES,
)

#: No family quirks (a page read without a family).
NO_HOOKS = FamilyHooks()
#: Blocks whose first text says whether the link in them is announced as an attachment.
_BLOCK_TAGS = frozenset({"p", "li", "div", "td", "dd", "section"})


def is_file_url(url: str) -> bool:
    """True for a URL whose path ends in one of :data:`FILE_SUFFIXES`."""
    return urlsplit(url).path.lower().endswith(FILE_SUFFIXES)


def _announced(anchor: Any) -> bool:
    """True when the link's own text, or the block it sits in, starts with an attachment label."""
    if ATTACHMENT_LINE.match(collapse(anchor.text_content())):
        return True
    for ancestor in anchor.iterancestors():
        if ancestor.tag in _BLOCK_TAGS:
            return bool(ATTACHMENT_LINE.match(collapse(ancestor.text_content())))
    return False


def _title(anchor: Any, url: str, hooks: FamilyHooks) -> str:
    """The link text; for a link that only says "download", the file name (as the family's hook
    reads it from the link, else the last path segment)."""
    text = collapse(anchor.text_content())
    if text.lower() not in GENERIC_DOWNLOAD_TITLES:
        return text
    return hooks.file_name(anchor) or unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or text


def attachments_in(
    roots: Iterable[Any],
    page_url: str,
    skip: frozenset = frozenset(),
    hooks: FamilyHooks = NO_HOOKS,
) -> list[dict[str, str]]:
    """Attachments linked inside ``roots`` (elements, in page order), skipping elements in
    ``skip`` and boilerplate (navigation, footers, share bars), each URL once:
    ``[{"url": absolute URL, "title": str}]``. ``hooks``: the family's quirks (file links and
    download endpoints it knows)."""
    found: dict[str, str] = {}
    for root in roots:
        for anchor in root.iter("a"):
            href = absolute(page_url, anchor.get("href"))
            if not href or href in found or not href.startswith(("http://", "https://")):
                continue
            if anchor in skip or any(
                a in skip or generic.is_boilerplate(a) for a in _up_to(anchor, root)
            ):
                continue
            if (
                is_file_url(href)
                or hooks.is_download(href)
                or hooks.file_link(anchor)
                or _announced(anchor)
            ):
                found[href] = _title(anchor, href, hooks)
    return [{"url": url, "title": title} for url, title in found.items()]


def _up_to(node: Any, root: Any) -> list[Any]:
    """``node``'s ancestors below ``root``."""
    out = []
    for ancestor in node.iterancestors():
        if ancestor is root:
            break
        out.append(ancestor)
    return out


def blocks_after(body_root: Any, levels: int = 2) -> list[Any]:
    """Elements printed right after the body element where CMSes put an attachment list: the
    following siblings of the body element and of its ``levels - 1`` nearest ancestors, up to the
    first piece of boilerplate (prev/next links, related news and footers come later)."""
    found: list[Any] = []
    node = body_root
    for _ in range(levels):
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str) or sibling.tag in ("script", "style"):
                continue
            if generic.is_boilerplate(sibling):
                break
            found.append(sibling)
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            break
    return found
