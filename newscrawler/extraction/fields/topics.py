"""``topics``: the article's categories.

Chain: the profile's (else the preset's) ``topics`` selector, outside teaser cards; a labelled
topic line (``栏目：…``, ``Tags: …``); category labels beside the headline; the CMS column meta;
the breadcrumb's last section; the column heading printed above the headline. Never from
related-story cards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newscrawler.extraction import generic
from newscrawler.extraction.around import (
    breadcrumb_texts,
    column_heading,
    is_topic_label,
    labels_near,
)
from newscrawler.extraction.text import collapse, display_length
from newscrawler.extraction.vocabulary import (
    BREADCRUMB_LABEL,
    BREADCRUMB_SEPARATOR,
    BREADCRUMB_SKIP,
)

if TYPE_CHECKING:
    from newscrawler.extraction.anatomy import ArticlePage

#: CMS metas that name the column an article is filed under.
COLUMN_METAS = ("ColumnName", "columnname", "column", "Column", "category", "article:section")
_COLUMN_META_XPATH = (
    "("
    + " | ".join(f"//meta[@name='{name}' or @property='{name}']/@content" for name in COLUMN_METAS)
    + ")[1]"
)


def resolve(page: ArticlePage) -> list[str]:
    """Topic labels in page order, each once."""
    own = [
        t
        for n in page.first("topics")
        if not page.in_teaser(n.root)
        for t in [collapse(n.xpath("string(.)").get() or "")]
        if t and not is_topic_label(t)
    ]
    if own:
        return page.record("topics", f"{page.origin('topics')}:selector", _unique(own))
    labelled = [f.value for line in page.meta_lines for f in line.fields
                if f.role == "topic" and f.value] + page.content.topics  # fmt: skip
    if labelled:
        return page.record("topics", "metadata-line", _unique(labelled))
    near = labels_near(page.headline.node, page.region.value)
    if near:
        return page.record("topics", "generic:category-label", near)
    column = page.sel.xpath(_COLUMN_META_XPATH).get()
    if column and collapse(column):
        return page.record("topics", "generic:cms-meta", [collapse(column)])
    crumbs, step = _breadcrumb(page)
    if crumbs:
        return page.record("topics", step, crumbs)
    heading = column_heading(page.headline.node, generic.site_names(page.sel))
    if heading:
        return page.record("topics", "generic:column-heading", [heading])
    return []


def _breadcrumb(page: ArticlePage) -> tuple[list[str], str]:
    """The breadcrumb's last section (not home, not the article itself) and its step."""
    title = page.headline.value
    parts = [c for c in page.texts("breadcrumb") if not BREADCRUMB_SKIP.match(c)]
    parts = [p for p in parts if p != title]
    if parts:
        return [parts[-1]], f"{page.origin('breadcrumb')}:breadcrumb"
    for text in breadcrumb_texts(page.sel):
        parts = [p for p in BREADCRUMB_SEPARATOR.split(BREADCRUMB_LABEL.sub("", text)) if p]
        parts = [p for p in parts if not BREADCRUMB_SKIP.match(p) and p != title]
        if parts and all(display_length(p) <= 40 for p in parts):
            return [parts[-1]], "generic:breadcrumb"
    return [], "none"


def _unique(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(values))
