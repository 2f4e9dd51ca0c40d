"""Family quirks: code a CMS family's preset names in its ``hooks`` key.

What no selector can say — a view counter that a script fills in from a counter URL, a download
endpoint that names no file, a file name kept in a link attribute — is a small function in the
module of its family here (:mod:`.vsb`, :mod:`.webplus`). A preset (or a site profile) names the
hook modules its pages need (``hooks = ["vsb"]``); the field modules ask :func:`hooks_for` for the
profile's, and a page read without a family uses none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from newscrawler.extraction.hooks import vsb, webplus


@dataclass(frozen=True)
class Hooks:
    """The quirks of one family (every member optional).

    ``views(html, sel, url)``: the URL of the page's live view counter (or None) and the texts
    the CMS prints the count in (one look at the page for both). ``is_download(url)``: True for a
    URL that downloads a file whatever its name. ``file_link(anchor)``: True for a link the CMS
    marks as a file. ``file_name(anchor)``: the file's name for a link whose text only says
    "download", or None.
    """

    views: Callable[[str, Any, str], tuple[str | None, list[str]]] | None = None
    is_download: Callable[[str], bool] | None = None
    file_link: Callable[[Any], bool] | None = None
    file_name: Callable[[Any], str | None] | None = None


#: Every family's hooks, by the name a preset gives in ``hooks``.
HOOKS: dict[str, Hooks] = {
    "vsb": Hooks(views=vsb.views, is_download=vsb.is_download),
    "webplus": Hooks(
        views=webplus.views,
        file_link=webplus.file_link,
        file_name=webplus.file_name,
    ),
}


@dataclass(frozen=True)
class FamilyHooks:
    """The hooks a profile names, asked together (the first that answers wins)."""

    members: tuple[Hooks, ...] = ()

    def views(self, html: str, sel: Any, url: str) -> tuple[str | None, list[str]]:
        """The live view counter's URL (the first hook's that gives one, else None) and every
        text the CMS prints a count in."""
        counter: str | None = None
        texts: list[str] = []
        for hooks in self.members:
            if hooks.views:
                url_of, printed = hooks.views(html, sel, url)
                counter = counter or url_of
                texts.extend(printed)
        return counter, texts

    def is_download(self, url: str) -> bool:
        """True when a named hook knows ``url`` as a file download."""
        return any(h.is_download(url) for h in self.members if h.is_download)

    def file_link(self, anchor: Any) -> bool:
        """True when a named hook knows the link as a file."""
        return any(h.file_link(anchor) for h in self.members if h.file_link)

    def file_name(self, anchor: Any) -> str | None:
        """The file name a named hook reads from the link, or None."""
        for hooks in self.members:
            name = hooks.file_name(anchor) if hooks.file_name else None
            if name:
                return name
        return None


def hooks_for(names: Sequence[str]) -> FamilyHooks:
    """The hooks named (unknown names are rejected when the profile loads: see
    :data:`HOOKS`)."""
    return FamilyHooks(tuple(HOOKS[n] for n in names if n in HOOKS))
