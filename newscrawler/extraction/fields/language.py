"""``language``: the profile's, else ``<html lang>``, else guessed from the body's script."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawler.extraction.fields import body
from newscrawler.extraction.text import cjk_ratio

if TYPE_CHECKING:
    from newscrawler.extraction.anatomy import ArticlePage


def resolve(page: ArticlePage) -> str | None:
    """A two-letter code (``zh``, ``en``), or None for a page with no language and no body."""
    if page.profile.language:
        return page.record("language", "profile", page.profile.language)
    lang = (page.sel.xpath("/html/@lang").get() or "").strip()
    if lang:
        return page.record("language", "generic:html-lang", lang.split("-")[0].lower())
    text = body.resolve(page) or ""
    if text:
        return page.record("language", "generic:script", "zh" if cjk_ratio(text) > 0.3 else "en")
    return None
