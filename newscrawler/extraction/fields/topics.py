"""``topics``: the article's categories.

Chain: the page's own categories first — the profile's ``topics`` selector; the learned
template's ``topics`` rule (the texts of every element it matches); the preset's ``topics``
selector; a labelled topic line (``栏目：…``, ``Tags: a, b``: each item a topic), after the
category labels beside the headline where the page prints both; else those labels alone; else
the tag and category links printed after the text in the article's own box.
Where the page shows no category of its own: the columns the article is listed in (listing
evidence); then guesses at the column from the page — the CMS column meta, the breadcrumb's last
section, the column heading printed above the headline. Never from related-story cards, never a
block the learned template lists as furniture.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from newscrawler.extraction import generic
from newscrawler.extraction.around import (
    breadcrumb_trail,
    column_heading,
    is_topic_label,
    labels_near,
    terms_after_body,
)
from newscrawler.extraction.dates import is_date_line
from newscrawler.extraction.text import collapse, display_length
from newscrawler.extraction.vocabulary import (
    BREADCRUMB_SKIP,
)

if TYPE_CHECKING:
    from newscrawler.extraction.anatomy import ArticlePage
    from newscrawler.extraction.metalines import Field

#: What separates the topics of one labelled line (``Tags: community, faculty``).
_LIST_SEPARATOR = re.compile(r"\s*[,，、;；]\s*")
#: CMS metas that name the column an article is filed under.
COLUMN_METAS = ("ColumnName", "columnname", "column", "Column", "category", "article:section")


def resolve(page: ArticlePage) -> list[str]:
    """Topic labels in page order, each once."""
    by_profile = page.origin("topics") == "profile"
    selected = f"{page.origin('topics')}:selector"
    if by_profile:
        own = _selected(page)
        if own:
            return page.record("topics", selected, own)
    learned = _kept(page, [t for t in page.rule_texts("topics") if not is_topic_label(t)])
    if learned:
        return page.record("topics", "template:topics", learned)
    own = [] if by_profile else _selected(page)
    if own:
        return page.record("topics", selected, own)
    labelled = [t for line in page.meta_lines for v in _topic_values(page, line.fields)
                for t in _LIST_SEPARATOR.split(v) if t]  # fmt: skip
    labelled += page.content.topics
    near = _kept(page, labels_near(page.headline.node, page.region.value))
    if labelled:  # a category over the headline, then the labelled line's (``Tags: a, b``)
        return page.record("topics", "metadata-line", _unique(near + labelled))
    if near:
        return page.record("topics", "generic:category-label", near)
    after = _kept(page, terms_after_body(page.headline.node, page.region.value))
    if after:
        return page.record("topics", "generic:terms-after-body", after)
    names = generic.site_names(page.sel) if page.listed_columns else frozenset()
    listed = [c for c in page.listed_columns if generic.bare(c) not in names]
    if listed:
        crumbs, step = _breadcrumb(page)
        refined = _kept(page, _refined(listed, crumbs))
        if refined and refined != listed:  # the breadcrumb names the section within the column
            return page.record("topics", step, refined)
        return page.record("topics", "listing:topics", listed)
    column = _column_meta(page)
    if _kept(page, [column]):
        return page.record("topics", "generic:cms-meta", [column])
    crumbs, step = _breadcrumb(page)  # walks the whole page: only where no column is named
    if _kept(page, crumbs[-1:]):
        return page.record("topics", step, crumbs[-1:])
    heading = column_heading(page.headline.node, generic.site_names(page.sel))
    if heading and _kept(page, [heading]):
        return page.record("topics", "generic:column-heading", [heading])
    return []


#: Widest (display width) a topic printed after a bar is (``Filed under: A | B``).
_MAX_TOPIC = 40


def _topic_values(page: ArticlePage, fields: list[Field]) -> list[str]:
    """The values of a metadata line's topic fields, with the unlabelled ones that follow a
    topic field before the next label (``Filed under: Research | Campus``: bars between the
    topics), except a date or a long text."""
    values: list[str] = []
    in_topics = False
    for field in fields:
        if field.label:
            in_topics = field.role == "topic"
            if in_topics and field.value:
                values.append(field.value)
        elif (
            in_topics
            and field.value
            and display_length(field.value) <= _MAX_TOPIC
            and not is_date_line(field.value)
        ):
            values.append(field.value)
    return values


def _column_meta(page: ArticlePage) -> str:
    """The content of the first ``<meta>`` in page order naming the column (:data:`COLUMN_METAS`
    as its name or property), ``""`` when none: one pass over the metas, not an XPath per name."""
    for meta in page.sel.root.iter("meta"):
        content = meta.get("content")
        if content is not None and (
            meta.get("name") in COLUMN_METAS or meta.get("property") in COLUMN_METAS
        ):
            return collapse(content)
    return ""


def _selected(page: ArticlePage) -> list[str]:
    """Texts of the ``topics`` selector's elements (profile's, else preset's) outside teaser
    cards, labels (``Tags:``) and furniture left out."""
    texts = [
        t
        for n in page.first("topics")
        if not page.in_teaser(n.root)
        for t in [collapse(n.xpath("string(.)").get() or "")]
        if t and not is_topic_label(t)
    ]
    return _kept(page, texts)


def _kept(page: ArticlePage, values: list[str]) -> list[str]:
    """``values`` each once, without empty ones and those the template lists as furniture."""
    return _unique([v for v in values if v and not page.is_furniture(v)])


def _refined(listed: list[str], crumbs: list[str]) -> list[str]:
    """The listed columns, where the page's breadcrumb names one of them as an ancestor of its
    own section, with that ancestry replaced by the breadcrumb's last section: an article listed
    in 主题活动 (a parent column's listing shows its sub-columns' articles) whose breadcrumb reads
    主题活动 › 人民的好儿女 is filed under 人民的好儿女. Listed columns off the breadcrumb's path
    (an article listed in two unrelated columns) are kept; with no listed column on the path the
    listing is trusted as it is (a breadcrumb may be the site's, not the article's)."""
    on_path = [c for c in listed if c in crumbs]
    if not on_path:
        return listed
    return _unique([crumbs[-1]] + [c for c in listed if c not in crumbs])


def _breadcrumb(page: ArticlePage) -> tuple[list[str], str]:
    """The breadcrumb's sections (not home, not the article itself) in order, and its step."""
    title = page.headline.value
    parts = [c for c in page.texts("breadcrumb") if not BREADCRUMB_SKIP.match(c)]
    parts = [p for p in parts if p != title]
    if parts:
        return parts, f"{page.origin('breadcrumb')}:breadcrumb"
    for text in page.breadcrumbs:
        heading, parts = breadcrumb_trail(text)
        parts = [p for p in parts if not BREADCRUMB_SKIP.match(p) and p != title]
        if not parts and heading and not BREADCRUMB_SKIP.match(heading):
            parts = [
                heading
            ]  # ``施教区范围 当前位置：首页 -> 正文``: the box's heading is the section
        if parts and all(display_length(p) <= 40 for p in parts):
            return parts, "generic:breadcrumb"
    return [], "none"


def _unique(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(values))
