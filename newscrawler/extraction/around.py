"""What surrounds the article region: the metadata lines before and after it, the labels and
column heading beside the headline, breadcrumbs, and the teaser boxes that are not this article.

Pure helpers over lxml elements; :mod:`newscrawler.extraction.article` decides what they mean.
"""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

from newscrawler.extraction import generic
from newscrawler.extraction.metalines import split_fields
from newscrawler.extraction.text import BLOCK_TAGS, collapse, display_length, is_hidden
from newscrawler.extraction.vocabulary import (
    BREADCRUMB_LABEL,
    BREADCRUMB_LABEL_INSIDE,
    BREADCRUMB_SEPARATOR,
    CRUMB_BAR,
    CRUMB_END,
    CRUMB_NAMES,
    CRUMB_TEXT,
    CRUMB_WORDS,
    DATE_LABELS,
    HOME_LINK,
    TEASER_WORDS,
    TERM_LIST_WORDS,
    TOPIC_WORDS,
    TRAIL_SEPARATOR,
)

_COLUMN_MARK = re.compile(r"^[■□●○◆◇▶►▲△★☆>»·\s]+")
_META_LINE_MAX = 300  # display width: a metadata line is short


def is_topic_label(text: str) -> bool:
    return bool(re.match(r"^(Topics?|Tags?|Categor(y|ies)|栏目|分类)\s*[:：]?$", text, re.I))


def in_teaser(node: Any, article: tuple[Any, ...]) -> bool:
    """True for an element inside a teaser card, related-story box or comment section: an
    ancestor named so, or a small box holding a link heading to another story. The search
    stops at the first ancestor holding the headline or the body (``article``)."""
    anchors = [a for a in article if a is not None]
    for depth, ancestor in enumerate(node.iterancestors()):
        if ancestor.tag in ("body", "html") or any(
            a is ancestor or ancestor in a.iterancestors() for a in anchors
        ):  # reached the article's own box
            return False
        if generic.class_words(ancestor) & TEASER_WORDS:
            return True
        if depth < 6 and ancestor.xpath(".//*[self::h2 or self::h3 or self::h4]//a[@href]"):
            return True
    return False


def labels_near(title_node: Any, body_root: Any) -> list[str]:
    """Category links printed beside the headline (``.article_header--tag a``): in an element
    named category/topic/tag within the headline's enclosing box, before the body. Where that
    box is one widget of a page builder's column (Elementor, Divi), the widgets beside it up to
    the body's are the headline's box too (a post-info terms bar above the title)."""
    if title_node is None:
        return []
    box = title_node
    boxes = [box]
    for _ in range(3):
        parent = box.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        if body_root is not None and body_root in parent.iterdescendants():
            boxes = [box, *_siblings_before_body(box, body_root)]
            break
        box = parent
        boxes = [box]
    found: list[str] = []
    for el in (el for b in boxes for el in b.iter()):
        if not isinstance(el.tag, str) or el is title_node:
            continue
        if generic.class_words(el) & TOPIC_WORDS and not generic.is_boilerplate(el):
            found.extend(
                t
                for t in (collapse(a.text_content()) for a in el.iter("a"))
                if t and not is_topic_label(t)
            )
    return list(dict.fromkeys(found))


def terms_after_body(title_node: Any, body_root: Any) -> list[str]:
    """Category and tag links printed after the text in the article's own box (a CMS's
    ``field--name-field-tags`` under the body, a theme's ``.entry-footer .cat-links``): in an
    element named category/topic/tag that follows the body inside the lowest box holding both
    the headline and the body, outside teaser cards and related-story boxes."""
    if title_node is None or body_root is None:
        return []
    following: list[Any] = []
    node = body_root
    while title_node not in node.iterdescendants():
        following.extend(node.itersiblings())
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            return []  # no box of the article's own: what follows the body is the page's
    found: list[str] = []
    for el in (el for sibling in following for el in sibling.iter()):
        if (
            isinstance(el.tag, str)
            and generic.class_words(el) & TERM_LIST_WORDS
            and not in_teaser(el, (title_node, body_root))
        ):
            found.extend(
                t
                for a in el.iter("a")
                if not re.match(r"(#|javascript:|$)", (a.get("href") or "").strip(), re.I)
                for t in [collapse(a.text_content())]
                if t and not is_topic_label(t) and display_length(t) <= 40
            )
    return list(dict.fromkeys(found))


def _siblings_before_body(box: Any, body_root: Any) -> list[Any]:
    """The siblings of ``box`` before it, and those after it up to the one holding ``body_root``."""
    found = []
    for sibling in box.itersiblings(preceding=True):
        found.append(sibling)
    for sibling in box.itersiblings():
        if sibling is body_root or body_root in sibling.iterdescendants():
            break
        found.append(sibling)
    return [s for s in found if isinstance(s.tag, str)]


def column_heading(title_node: Any, site_names: frozenset[str] = frozenset()) -> str | None:
    """A short text printed above the headline in its box (``■ 纪检监察``, a section ``<h3>``):
    the column. The nearest text before the headline in its enclosing boxes (up to six up),
    outside links, boilerplate and the site's own name or logo heading
    (:func:`generic.is_site_heading` with ``site_names``)."""
    if title_node is None:
        return None
    node = title_node
    for _ in range(6):
        for sibling in node.itersiblings(preceding=True):
            previous = [
                t
                for el in generic.content_elements(sibling)
                if el.tag not in ("a", "option") and not generic.is_site_heading(el, site_names)
                for t in [collapse("".join(el.xpath("text()")))]
                if t
            ]
            if previous:
                text = _COLUMN_MARK.sub("", previous[-1]).strip()
                if (
                    2 <= display_length(text) <= 24
                    and not re.search(r"\d|[:：]", text)
                    and re.search(r"[^\W_]", text)  # not separators alone (``, ,``)
                    # nor what is left of a breadcrumb without its links (``| | 正文``)
                    and not (CRUMB_BAR.search(text) or BREADCRUMB_SEPARATOR.search(text))
                    and not CRUMB_END.match(text)
                ):
                    return text
                return None
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            break
    return None


#: Any of :data:`CRUMB_NAMES` inside a name (one search instead of one per name).
_CRUMB_NAME = re.compile("|".join(re.escape(name) for name in CRUMB_NAMES))


def breadcrumb_texts(sel: Selector) -> list[str]:
    """Texts of elements that print a breadcrumb: named so, opening with ``当前位置``, or shaped
    as one (:func:`is_link_trail`)."""
    found = []
    for el in sel.root.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "body", "html", "head"):
            continue
        classes, ident = el.get("class"), el.get("id")
        named = (classes or ident) and _CRUMB_NAME.search(f"{classes or ''} {ident or ''}".lower())
        if not named and not (el.text and CRUMB_TEXT.search(el.text)):
            if is_link_trail(el):
                text = collapse(" ".join(el.itertext()))
                if display_length(text) <= 160:
                    found.append(text)
            continue
        text = collapse(" ".join(el.itertext()))
        if not text or display_length(text) > 160:
            continue
        words = generic.class_words(el)
        named = words & {"breadcrumb", "breadcrumbs", "crumb", "crumbs"}
        labelled = BREADCRUMB_LABEL.match(text) or words & CRUMB_WORDS
        separated = BREADCRUMB_SEPARATOR.search(text) or CRUMB_BAR.search(text)
        if named or (labelled and separated):
            found.append(text)
    return found


def breadcrumb_trail(text: str) -> tuple[str, list[str]]:
    """A breadcrumb's text read: the heading printed before its label (``施教区范围 当前位置：…``,
    else ``""``) and its sections in order, separators and bars dropped (home, ``正文`` and the
    article's title kept: the caller decides what a section is)."""
    inside = BREADCRUMB_LABEL_INSIDE.search(text)
    trail = text[inside.end() :] if inside else BREADCRUMB_LABEL.sub("", text)
    heading = text[: inside.start()].strip() if inside else ""
    parts = [q for p in BREADCRUMB_SEPARATOR.split(trail) for q in CRUMB_BAR.split(p) if q]
    return heading, parts


def is_link_trail(el: Any) -> bool:
    """An element printing a breadcrumb by its shape alone, whatever it is named (``<div
    id="trail">``): a link home first (``Home``, ``首页``), then only links, each after a
    breadcrumb separator (``Home > News > Campus Life > …``); a menu separated by bars or
    spaces is not one."""
    if len(el) < 2 or el[0].tag != "a" or (el.text or "").strip():
        return False  # the cheap tests first: this is asked of every element of the page
    children = [c for c in el if isinstance(c.tag, str)]
    if len(children) < 2 or any(c.tag != "a" for c in children):
        return False
    if not HOME_LINK.match(collapse(children[0].text_content())):
        return False
    tails = [(c.tail or "").strip() for c in children[:-1]]
    if all(TRAIL_SEPARATOR.fullmatch(t) for t in tails):
        return True
    # Bars between the links, as a menu has them: a breadcrumb only where it ends with the
    # mark of the article being read (``首页 | 学院新闻 | 正文``).
    last = CRUMB_BAR.split((children[-1].tail or "").strip())
    return (
        all(CRUMB_BAR.fullmatch(t) for t in tails)
        and last[0] == ""
        and bool(CRUMB_END.match(last[-1]))
    )


def position(element: Any) -> int:
    """Document-order index of an element (to tell metadata before the body from after it)."""
    return int(element.xpath("count(preceding::*) + count(ancestor::*)"))


#: A line that ends with a date label, waiting for its value (``Published``, ``发布时间：``).
_ENDS_WITH_DATE_LABEL = re.compile(
    rf"(?:^|[\s|｜（(])(?:{'|'.join(re.escape(label) for label in DATE_LABELS)})\s*(?:[:：]|\bon)?\s*$",
    re.I,
)
#: ``itemprop`` values of elements that hold a machine-readable date.
_DATE_ITEMPROPS = frozenset(("datePublished", "dateModified", "dateCreated", "uploadDate"))


def is_date_element(el: Any) -> bool:
    """True for an element that holds a machine-readable date: ``<time>``, an element with a
    ``datetime`` attribute or a schema.org date ``itemprop``."""
    return isinstance(el.tag, str) and (
        el.tag.lower() == "time"
        or el.get("datetime") is not None
        or el.get("itemprop") in _DATE_ITEMPROPS
    )


def block_lines(root: Any) -> list[str]:
    """The text of ``root`` as lines, one per block element (``<br>`` too), scripts, hidden
    elements, navigation and figures or captions (a lead photo's, read with its image) inside it
    left out; a line that is only a label (``By``) is joined
    to the next one. A machine-readable date element is a field of its own, set off by ``|``
    (its text, ``发布 2024-05-01``, is never read as the value of the label before it)."""
    lines: list[list[str]] = [[]]

    def walk(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag and is_date_element(el) and not is_hidden(el):
            # Set off from a credit before it; a date label before it (``Published``) keeps it.
            before = collapse(" ".join(lines[-1]))
            opener = "" if _ENDS_WITH_DATE_LABEL.search(before) else " | "
            lines[-1].extend((opener, el.text_content(), " | ", el.tail or ""))
            return
        if (
            tag in (None, "script", "style", "noscript", "option", "figure", "figcaption")
            or (tag and is_hidden(el))
            or (tag and generic.is_boilerplate(el))
            or (tag and "caption" in generic.class_words(el))
        ):
            if el.tail:
                lines[-1].append(el.tail)
            return
        block = tag in BLOCK_TAGS or tag in ("br", "td", "th")
        if block:
            lines.append([])
        if el.text:
            lines[-1].append(el.text)
        for child in el:
            walk(child)
        if block:
            lines.append([])
        if el.tail:
            lines[-1].append(el.tail)

    if root.text:
        lines[-1].append(root.text)
    for child in root:
        walk(child)
    # Inline elements of a metadata line are fields of their own: ``<span>作者：A</span><span>来源：B``.
    texts = [t for t in (collapse(" ".join(parts)) for parts in lines) if t]
    joined: list[str] = []
    for text in texts:
        if joined and only_label(joined[-1]):
            joined[-1] = f"{joined[-1]} {text}"
        else:
            joined.append(text)
    return [t for t in joined if display_length(t) <= _META_LINE_MAX]


def only_label(text: str) -> bool:
    fields = split_fields(text + " X")  # a label needs something after it to be read as one
    return len(fields) == 1 and fields[0].label != "" and fields[0].value == "X"


def lines_between(start: Any, end: Any) -> list[str]:
    """Metadata lines printed after element ``start`` and before element ``end`` (both
    excluded), outside navigation and other boilerplate."""
    holder = common_container(start, end)
    holds_end = set(end.iterancestors())
    chosen: list[Any] = []
    taken: set[Any] = {start}
    texts: list[str] = [start.tail or ""]
    inside = False
    for el in holder.iter():
        if el is start:
            inside = True
            continue
        if el is end:
            break
        if not inside or not isinstance(el.tag, str) or el in holds_end:
            continue
        if el.getparent() in taken or any(a in taken for a in el.iterancestors()):
            taken.add(el)
            continue
        chosen.append(el)
        taken.add(el)
    lines: list[str] = []
    for el in chosen:
        if not generic.is_boilerplate(el):
            lines.extend(block_lines(el))
        texts.append(el.tail or "")
    lines.extend(t for t in (collapse(x) for x in texts) if t and display_length(t) <= 300)
    return lines


def common_container(a: Any, b: Any) -> Any:
    ancestors_b = set(b.iterancestors())
    for ancestor in a.iterancestors():
        if ancestor in ancestors_b:
            return ancestor
    return a.getroottree().getroot()


def lines_after(body_root: Any, limit: int = 6) -> list[str]:
    """Short blocks right after the body (``责任编辑：…`` rows, ``Posted …`` lines): following
    siblings of the body element and of its two nearest ancestors."""
    lines: list[str] = []
    node = body_root
    for _ in range(3):
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str) or generic.is_boilerplate(sibling):
                continue
            texts = block_lines(sibling)
            if not texts or any(display_length(t) > 120 for t in texts):
                return lines
            lines.extend(texts)
            if len(lines) >= limit:
                return lines[:limit]
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            break
    return lines


def near(node: Any, body_root: Any, levels: int = 4) -> bool:
    """True when ``node`` sits within the body element's ``levels``-th ancestor, outside
    boilerplate: the article's own box, not a sidebar beside it."""
    box = generic.enclosing(body_root, levels)
    ancestors = list(node.iterancestors())
    return box in ancestors and not any(generic.is_boilerplate(a) for a in ancestors)
