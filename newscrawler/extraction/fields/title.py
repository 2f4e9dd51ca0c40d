"""``title``: the article's headline.

Chain: the profile's ``title`` selector; the learned template's ``title`` rule; the on-page
headline that a listing's text for the article matches (whole, or as a prefix when the listing
cut it with ``…``/``...``); the family preset's ``title`` selector; the generic chain (a heading
the ``<title>`` contains, JSON-LD, OpenGraph, the first ``<h1>``, the ``<title>`` minus its site
suffix); the heading right above the body; last, the listed title itself when the listing printed
it whole.

Where the crawl knows the portal (listing evidence or a template), a site name, a column name or
a furniture block is never the title: such a candidate is passed over for the next one. The
profile's own selector is the exception: what a person wrote wins over what was learned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from newscrawler.extraction import generic
from newscrawler.extraction.around import breadcrumb_trail
from newscrawler.extraction.metalines import split_fields
from newscrawler.extraction.text import BLOCK_TAGS, collapse, display_length, is_hidden
from newscrawler.extraction.vocabulary import CRUMB_TEXT, CRUMB_WORDS, SITE_GREETING, SITE_NAME

if TYPE_CHECKING:
    from newscrawler.extraction.anatomy import ArticlePage, Found

#: Fewest letters (after dropping spaces and punctuation) a listed title needs to be matched.
MIN_LISTED = 4
#: Most letters a headline matched by its listed prefix has (longer is a paragraph).
_MAX_HEADLINE = 80
#: A subtitle line under the headline (``——在开学典礼上的讲话``): never the headline itself.
_SUBTITLE = re.compile(r"^\s*(?:——|—|－－|--)")
#: Widest (display width) a column's name is, as a breadcrumb prints it.
_MAX_SECTION = 24
#: Most letters of a ``<title>`` that is only the site's name.
_MAX_SITE_NAME = 30
#: Lines of text read above the body, and into its start, looking for the headline line.
_LOOK_ABOVE = 3
_LOOK_INSIDE = 3
_HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_HEADLINE_WORDS = frozenset(["title", "tit", "headline", "heading", "biaoti", "bt"])
#: Stands for a line above the body not read yet (None means read and not found).
_UNREAD: Any = object()


def locate(page: ArticlePage) -> Found:
    """The headline's text, the step that found it and its element (None when not an element)."""
    from newscrawler.extraction.anatomy import Found

    passed_over: Found | None = None
    for found in _candidates(page):
        if found.step == "profile:selector" or not (
            _names_no_article(page, found.value) or _names_a_section(page, found.value)
        ):
            return found  # a person's own selector is taken as written
        if passed_over is None and found.value:
            passed_over = found
    # Every candidate names the site or a column: an article is never dropped for that, so the
    # first one passed over stands (a site name is better than no title at all).
    return passed_over or Found(None, "none", None)


def resolve(page: ArticlePage) -> str | None:
    """The title (whitespace collapsed), or None."""
    return page.record("title", page.headline.step, page.headline.value)


def _candidates(page: ArticlePage) -> Iterator[Found]:
    from newscrawler.extraction.anatomy import Found

    by_profile = page.origin("title") == "profile"
    if by_profile:
        yield from _selected(page)
    for result in page.rule_results("title"):
        text = collapse(result if isinstance(result, str) else result.text_content())
        if text:
            yield Found(text, "template:title", None if isinstance(result, str) else result)
            break
    listed = _listed_headline(page)
    if listed is not None:
        yield listed
    if not by_profile:
        yield from _selected(page)
    value, step, node = generic.title(page.sel)
    # The line above the body is read only when a candidate needs it (it walks the whole page).
    line = _UNREAD
    if value is not None:
        if step == "generic:title-tag" and _only_site_name(page, value):
            line = _line_above_body(page)
            if line is not None:
                yield line  # a <title> that only names the site: the page's own headline line
        yield Found(value, step, node)
    node = generic.heading_before(page.sel, page.region.value)
    if node is not None:  # no <title>, no <h1> (or they name the site): the heading above the body
        yield Found(collapse(node.text_content()), "generic:heading", node)
    if line is _UNREAD:
        line = _line_above_body(page)
    if line is not None:
        yield line
    for text, cut in page.listed_titles:
        if not cut:
            yield Found(text, "listing:title", None)


def _selected(page: ArticlePage) -> Iterator[Found]:
    """The first non-empty element of the ``title`` selectors (profile's, else preset's)."""
    from newscrawler.extraction.anatomy import Found

    for node in page.first("title"):
        text = collapse(node.xpath("string(.)").get() or "")
        if text:
            yield Found(text, f"{page.origin('title')}:selector", node.root)
            return


def _names_no_article(page: ArticlePage, text: str | None) -> bool:
    """True for a candidate that cannot be the title once the crawl knows the portal: a site
    name (``og:site_name``, the ``<title>``'s site part, a ``<title>`` that is only the site's
    name), a column the article is listed in, or a block repeated on every page. Without
    evidence or a template every candidate stands, as for a single page read alone."""
    if not (page.evidence or page.template):
        return False
    if not text:
        return True
    bare = generic.bare(text)
    if bare in generic.site_names(page.sel) or any(
        bare == generic.bare(c) for c in page.listed_columns
    ):
        return True
    if page.is_furniture(text) and not _listed_match(page, bare):
        return True
    page_title = collapse(page.sel.xpath("string(//title)").get() or "")
    return (
        text == page_title
        and display_length(text) <= 40
        and bool(SITE_NAME.search(text))
        and not _listed_match(page, bare)
    )


def _names_a_section(page: ArticlePage, text: str | None) -> bool:
    """True for a short candidate that the page's breadcrumb names as a section above the
    article (``首页 | 新闻中心 | 正文`` with ``<title>新闻中心-东湖理工学院</title>`` and an
    ``<h2>新闻中心</h2>``): a column's name, not the headline, also on a page read alone. The
    breadcrumb's last section may be the article's own title, so it is not counted."""
    if not text or display_length(text) > _MAX_SECTION:
        return False
    bare = generic.bare(text)
    return any(
        bare in {generic.bare(p) for p in breadcrumb_trail(crumb)[1][:-1]}
        for crumb in page.breadcrumbs
    )


def _only_site_name(page: ArticlePage, text: str) -> bool:
    """True for a ``<title>`` text that only names the site: short, one phrase (no spaces nor
    punctuation), ending like a site's name (:data:`SITE_NAME`) once a greeting around it is
    left out (``东湖理工学院欢迎您``, ``欢迎访问东湖理工学院``, ``Welcome to Example College``), and
    no heading on the page prints it inside a longer text (an article about the school itself)."""
    text = SITE_GREETING.sub("", text).strip()
    bare = generic.bare(text)
    if (
        not bare
        or bare != collapse(text).replace(" ", "").lower()
        or display_length(text) > _MAX_SITE_NAME
        or not SITE_NAME.search(text)
    ):
        return False
    for heading in page.sel.root.iter("h1", "h2", "h3"):
        have = generic.bare(heading.text_content())
        if bare in have and have != bare:
            return False
    return True


def _line_above_body(page: ArticlePage) -> Found | None:
    """The headline-like line of the article region: the nearest short line of text above the
    metadata lines (a date, ``来源：``) that head the body, skipping lines that name the site or
    a column, repeat on every page, or sit in navigation. None when the body has no such line
    above it (or no body was found)."""
    from newscrawler.extraction.anatomy import Found

    root = page.region.value
    if root is None:
        return None
    lines = _leaf_lines(page.sel.root)
    inside = [i for i, (el, _) in enumerate(lines) if el is root or root in el.iterancestors()]
    start = inside[0] if inside else len(lines)
    # the region may begin with the headline and its metadata line: read up to that line
    for i in inside[:_LOOK_INSIDE]:
        if _is_meta_line(page, lines[i][1]):
            start = i
            break
    names = generic.site_names(page.sel)
    columns = {generic.bare(c) for c in page.listed_columns}
    seen = 0
    for el, text in reversed(lines[:start]):
        if _is_meta_line(page, text) or page.date(text):
            continue  # a metadata line under the headline
        seen += 1
        if seen > _LOOK_ABOVE:
            return None
        bare = generic.bare(text)
        if (
            _SUBTITLE.match(text)
            or len(bare) < MIN_LISTED
            or display_length(text) > _MAX_HEADLINE
            or bare in names
            or bare in columns
            or page.is_furniture(el)
            or any(generic.is_boilerplate(a) for a in (el, *el.iterancestors()))
        ):
            continue
        return Found(text, "generic:line-above-body", el)
    return None


def _is_meta_line(page: ArticlePage, text: str) -> bool:
    """True for a labelled metadata line (``发布时间：2025-01-15``, ``来源：…``)."""
    return any(f.label for f in split_fields(text))


def _leaf_lines(root: Any) -> list[tuple[Any, str]]:
    """Block elements holding no other block element, with their text, in page order."""
    lines = []
    for el in root.iter(*BLOCK_TAGS):
        if any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in el.iterdescendants()):
            continue
        if is_hidden(el):
            continue
        text = collapse(el.text_content())
        if text:
            lines.append((el, text))
    return lines


def _listed_match(page: ArticlePage, bare: str) -> bool:
    """True when a listed title is ``bare`` (a prefix of it when the listing cut the title)."""
    for text, cut in page.listed_titles:
        listed = generic.bare(text)
        if len(listed) >= MIN_LISTED and (bare == listed or (cut and bare.startswith(listed))):
            return True
    return False


def _listed_headline(page: ArticlePage) -> Found | None:
    """The element on the page whose text a listed title matches: whole, or as a prefix when
    the listing cut the title or the page adds a subtitle. Among several (the headline, a
    breadcrumb's last part, a sidebar link to this very article) the headline wins: outside
    navigation, breadcrumbs and links, matched whole, a heading or named so, first on the page."""
    from newscrawler.extraction.anatomy import Found

    listed = [(generic.bare(t), cut) for t, cut in page.listed_titles]
    listed = [(b, cut) for b, cut in listed if len(b) >= MIN_LISTED]
    if not listed:
        return None
    matches: dict[Any, bool] = {}  # element -> matched whole
    for text_node in page.sel.root.xpath("//body//text()"):
        first = generic.bare(text_node)
        if not first:
            continue
        element = text_node.getparent()
        if element is None:
            continue
        if getattr(text_node, "is_tail", False):
            element = element.getparent()
        for want, _ in listed:
            if not (want.startswith(first) or first.startswith(want)):
                continue
            el = element
            while el is not None and isinstance(el.tag, str):
                have = generic.bare(el.text_content())
                if have == want:
                    matches[el] = True
                elif have.startswith(want) and len(have) <= max(3 * len(want), _MAX_HEADLINE):
                    matches.setdefault(el, False)
                elif want.startswith(have):
                    el = el.getparent()  # a headline split over inline elements
                    continue
                break
    if not matches:
        return None
    order = {el: i for i, el in enumerate(matches)}
    best = min(matches, key=lambda el: _rank(el, matches[el], order[el]))
    return Found(collapse(best.text_content()), "listing:title", best)


def _rank(el: Any, whole: bool, order: int) -> tuple[bool, bool, bool, bool, bool, int]:
    """Sort key of a matched element: lower is more likely the headline."""
    ancestors = [el, *el.iterancestors()]
    in_navigation = any(generic.is_boilerplate(a) for a in ancestors)
    in_crumb = any(
        generic.class_words(a) & CRUMB_WORDS or CRUMB_TEXT.search(a.text or "")
        for a in ancestors[:4]
    )
    headline_like = el.tag in _HEADING_TAGS or bool(generic.class_words(el) & _HEADLINE_WORDS)
    in_link = any(a.tag == "a" for a in ancestors)
    return (
        in_navigation,
        in_crumb,
        in_link and not headline_like,
        not whole,
        not headline_like,
        order,
    )
