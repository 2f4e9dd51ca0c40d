"""Listing page -> article links and pagination. Pure, like article extraction.

Article links are the page's links whose URL has the family's detail shape, outside regions that
are never the main list (navigation, 'hot news' sidebars). Where no shape is known (``auto``
without a detected family) or no link has it, the main list is found by structure: the biggest
group of sibling items that each hold one link and a date, or one link in a heading. Only links
of the portal's own site (any subdomain) are articles. Pager numbers are read as a reader sees
them: text hidden for screen readers (``<span class="visually-hidden">Page</span>2``) is left out.

Each article link's row is evidence of the article (issue 17): the title as listed, the date
printed in the row and the column the list belongs to (:class:`ListingEvidence`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector

from newscrawler.extraction.article import resolve_family
from newscrawler.extraction.dates import parse_date
from newscrawler.extraction.evidence import ListingEvidence
from newscrawler.extraction.text import collapse
from newscrawler.extraction.urls import absolute, canonicalize, same_site
from newscrawler.profiles import SiteProfile

#: Link texts that mean 'next page' on English and Chinese portals.
NEXT_TEXT = re.compile(
    r"^(下一页|下页|后页|下一頁|next|next page|older posts|older|›|»|>|>>)\s*[>»›]*$", re.I
)


@dataclass
class Listing:
    """Links found on one listing page (absolute, canonical, in page order, no repeats), and
    ``evidence``: for each URL of ``articles``, what its row says of it (title, date, column)."""

    articles: list[str] = field(default_factory=list)
    next_page: str | None = None
    pages: list[str] = field(default_factory=list)
    evidence: dict[str, ListingEvidence] = field(default_factory=dict)


def url_target(url: str) -> str:
    """The part of a URL that detail/listing patterns are matched against: path and query."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def is_detail_url(url: str, profile: SiteProfile) -> bool:
    target = url_target(url)
    return any(p.search(target) for p in profile.detail_patterns)


def is_listing_url(url: str, profile: SiteProfile) -> bool:
    target = url_target(url)
    return any(p.search(target) for p in profile.listing_patterns)


def _links(nodes: list[Any], base: str) -> list[str]:
    """The nodes' ``href`` (parsel selectors or lxml elements) as absolute canonical http(s)
    URLs, in order, without repeats."""
    out: dict[str, None] = {}
    seen: set[str] = set()
    for node in nodes:
        raw = node.attrib.get("href")
        if raw is None or raw in seen:  # listing pages repeat links (title, image, "more")
            continue
        seen.add(raw)
        href = _canonical_link(base, raw)
        if href is not None:
            out[href] = None
    return list(out)


@lru_cache(maxsize=8192)
def _canonical_link(base: str, raw: str) -> str | None:
    """Link ``raw`` of the page at ``base`` as an absolute canonical http(s) URL, else None.
    Cached: one listing page asks for each of its links several times (pager, article links,
    evidence), and URL parsing was the largest part of reading a listing page."""
    href = absolute(base, raw)
    if href and href.startswith(("http://", "https://", "HTTP://", "HTTPS://")):
        return canonicalize(href)
    return None


_HIDDEN_CLASS = re.compile(
    r"(^|\s)(visually-hidden|sr-only|screen-reader-text|element-invisible|hidden|u-hidden)(\s|$)"
)


def _text(node: Selector) -> str:
    """The link's text as shown: text of elements hidden from sight left out."""
    root = node.root
    # lxml's text_content() directly: an XPath per link was most of a listing page's cost.
    if not any(_HIDDEN_CLASS.search(el.get("class") or "") for el in root.iterdescendants()):
        return collapse(root.text_content())
    parts: list[str] = []

    def walk(el: object) -> None:
        hidden = _HIDDEN_CLASS.search(el.get("class") or "") or el.get("hidden") is not None
        if not hidden:
            parts.append(el.text or "")
            for child in el:
                walk(child)
        parts.append(el.tail or "" if el is not root else "")

    walk(root)
    return collapse("".join(parts))


def _is_current(anchor: Selector) -> bool:
    """True for the pager's link to the page being read (``aria-current``, ``active``)."""
    for el in (anchor.root, anchor.root.getparent()):
        if el is None:
            continue
        classes = set((el.get("class") or "").split())
        if el.get("aria-current") or classes & {"active", "is-active", "current"}:
            return True
    return False


def _anchors(sel: Selector, xpaths: tuple[str, ...]) -> list[Selector]:
    for xpath in xpaths:
        found = sel.xpath(xpath)
        if found:
            return [a for node in found for a in (node.xpath("descendant-or-self::a[@href]"))]
    return []


def _is_number(anchor: Selector) -> bool:
    """True for a pagination link labelled with a page number (``2``, ``[3]``)."""
    return _text(anchor).strip("[]【】 ").isdigit() and not _is_current(anchor)


_ITEMS = (
    "//li[.//a[@href]] | //tr[.//a[@href]] | //div[a[@href]][count(a)=1]"
    " | //article[.//a[@href]] | //div[.//*[self::h2 or self::h3 or self::h4]/a[@href]]"
)
_ITEM_PATH = etree.XPath(_ITEMS)
#: Every link of a page (lxml elements).
_LINKS = etree.XPath("//a[@href]")
#: An item's links, its first heading link (a list of at most one), its text nodes.
_ITEM_LINKS = etree.XPath(".//a[@href]")
_HEADED_LINK = etree.XPath("(.//*[self::h2 or self::h3 or self::h4]/a[@href])[1]")
_ITEM_TEXTS = etree.XPath(".//text()")


def _structural_articles(sel: Selector, base: str) -> list[str]:
    """Links of the main list found by structure: the parent holding most sibling items that
    each carry a date or a heading link (news lists do); then every sibling item of the same
    tag there whose one link reads like a title (an item printed without its date too). Only
    links of the portal's own site."""
    groups: dict[Any, list[Any]] = {}
    # lxml's elements and compiled paths, not parsel selectors: a listing page has hundreds of
    # items, and wrapping every result in a selector was most of this function's time.
    for item in _ITEM_PATH(sel.root):
        # An image link, a title link and a "more" link to one article are one item.
        if _HEADED_LINK(item) or (
            len({a.get("href") for a in _ITEM_LINKS(item)}) <= 2
            and parse_date(collapse(" ".join(_ITEM_TEXTS(item))))  # "标题 1" + "2024-03-01"
        ):
            groups.setdefault(item.getparent(), []).append(item)
    parent, items = max(groups.items(), key=lambda pair: len(pair[1]), default=(None, []))
    if len(items) < 3:
        return []
    tags = {item.tag for item in items}
    links: list[str] = []
    for child in parent:
        if child.tag not in tags:
            continue
        anchor = _item_link(child)
        if anchor is not None:
            links.extend(u for u in _links([anchor], base) if same_site(u, base))
    return list(dict.fromkeys(links))


def _item_link(item: Any) -> Any:
    """The one link of a list item that names an article: its heading link, else its only
    distinct link when the text reads like a title (not ``下一页`` or a page number)."""
    headed = _HEADED_LINK(item)
    if headed:
        return headed[0]
    anchors = _ITEM_LINKS(item)
    if len({a.get("href") for a in anchors}) != 1:
        return None
    # Of the links to the one article (image, title, summary, "more"), the first that names it.
    for anchor in anchors:
        text = collapse(anchor.text_content()) or collapse(anchor.get("title") or "")
        if len(text) >= 4 and not NEXT_TEXT.match(text) and not text.strip("[]【】 ").isdigit():
            return anchor
    return None


def _pick_next(anchors: list[Selector]) -> list[Selector]:
    """The next-page link among a selector's matches: when several match (an old pager whose
    every link has class ``Next``), the one whose text says next."""
    if len(anchors) <= 1:
        return anchors
    return [a for a in anchors if NEXT_TEXT.match(_text(a))]


def extract_listing(
    url: str, html: str, profile: SiteProfile, *, column: str | None = None
) -> Listing:
    """Article links, the next page and numbered pages of one listing page, and each article's
    row evidence (:attr:`Listing.evidence`).

    ``column``: the column name to record when the page shows no heading or breadcrumb of its
    own (e.g. the profile's name for the start URL).
    """
    profile, _ = resolve_family(profile, html)
    sel = Selector(text=html or "<html></html>")
    listing = Listing()
    anchors = sel.xpath("//a[@href]")
    next_links = _links(_pick_next(_anchors(sel, profile.xpaths("next_page"))), url) or _links(
        [a for a in anchors if a.attrib.get("rel") == "next" or NEXT_TEXT.match(_text(a))],
        url,
    )
    here = canonicalize(url)
    listing.next_page = next((u for u in next_links if u != here), None)
    # Numbered pages only: first/last/prev/next controls are not page numbers.
    numbered = [a for a in _anchors(sel, profile.xpaths("page_links")) if _is_number(a)]
    pages = _links(numbered, url)
    if profile.listing_patterns:
        pages += [
            u
            for u in _links([a for a in anchors if _is_number(a)], url)
            if is_listing_url(u, profile)
        ]
    listing.pages = [u for u in dict.fromkeys(pages) if u != here]
    # Regions that never hold the main list (navigation, hot news) are removed for article links
    # only: a pager often sits in a <nav>.
    for xpath in profile.xpaths("listing_exclude"):
        for node in sel.xpath(xpath):
            parent = node.root.getparent()
            if parent is not None:
                parent.remove(node.root)
    chosen = _anchors(sel, profile.xpaths("listing_links"))
    if chosen:
        listing.articles = [u for u in _links(chosen, url) if same_site(u, url)]
    listed: list[str] | None = None  # the main list found by structure, once looked for
    if not listing.articles and profile.detail_patterns:
        links = _links(_LINKS(sel.root), url)
        listing.articles = [u for u in links if is_detail_url(u, profile) and same_site(u, url)]
        # An article whose URL has another shape (an undated slug) sits in the same list.
        listed = _structural_articles(sel, url)
        if len(set(listed) & set(listing.articles)) >= 2:
            keep = {*listed, *listing.articles}
            listing.articles = [u for u in links if u in keep]
    if not listing.articles:
        listing.articles = _structural_articles(sel, url) if listed is None else listed
    listing.pages = [u for u in listing.pages if u not in listing.articles]
    listing.evidence = _evidence(sel, url, listing.articles, _column(sel) or column)
    return listing


#: Link texts that say "read more" rather than name the article.
MORE_TEXT = re.compile(
    r"^[\[【(（]?(全文|更多|详细|详情|阅读全文|查看全文|more|read more)\W*$", re.I
)
#: Elements a listing row is (the nearest of them around an article link).
ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "article", "section"})
#: Ids and classes of a page's breadcrumb ("当前位置：首页 > 新闻 > 通知公告").
_CRUMB = re.compile(
    r"(?:.*[_-])?(?:position|breadcrumbs?|crumbs?|location|dqwz|weizhi|ur_?here|mianbao|path)"
    r"(?:[_-].*)?",
    re.I,
)
#: CSS utility classes that look like a breadcrumb's name (Bootstrap's ``position-relative``).
_NOT_CRUMB = re.compile(r"position-(?:relative|absolute|fixed|static|sticky)", re.I)
_CRUMB_TEXT = 200  # characters: a breadcrumb is a line, not a region
_CRUMB_LEAD = re.compile(
    r"^(当前位置|您的位置|你的位置|所在位置|现在位置|位置|you are here|location)\s*[:：]?", re.I
)
#: Breadcrumb items that are never a column: the home page, the article itself.
_CRUMB_SEP = re.compile(r"\s*(?:->|→|>>|>|›|»|＞|/|\s[-|]\s)\s*")
_NOT_COLUMN = re.compile(r"^(首页|网站首页|主页|学校首页|home|正文|内容|详情|列表)$", re.I)
#: Ids and classes of a listing's own column heading.
_COLUMN_HEAD = re.compile(
    r"col_?title|column|lmmc|lm_?name|lanmu|cat_?title|list_?title|page_?title", re.I
)
_SHORT = 30  # characters: a date printed on its own in a row is shorter than this
#: Characters of a row's own text taken as the title of a row linked only by "more".
_MIN_TITLE = 4
_SHORT_TITLE = 80


def _short_date(el: Any) -> str | None:
    """The day of an element whose whole text is a short date (``2024-03-01``, ``[03-01]``)."""
    text = collapse(el.text_content())
    if not text or len(text) > _SHORT:
        return None
    found = parse_date(text)
    return found[:10] if found else None


def _row_date(row: Any, anchor: Any) -> str | None:
    """The date printed in a listing row: an element holding only a date, else the row's text
    outside its links, else a day ``03/10`` and a year ``2025`` printed in separate elements."""
    for el in row.iter():
        if isinstance(el.tag, str) and el is not anchor:
            found = _short_date(el)
            if found:
                return found
    outside = [t for t in row.xpath(".//text()[not(ancestor::a)]") if isinstance(t, str)]
    found = parse_date(collapse(" ".join(outside)))
    if found:
        return found[:10]
    texts = [collapse(el.text_content()) for el in row.iter() if isinstance(el.tag, str)]
    year = next((t for t in texts if re.fullmatch(r"(19|20)\d\d", t)), None)
    day = next((t for t in texts if re.fullmatch(r"\d{1,2}[-/.]\d{1,2}", t)), None)
    if year and day:
        found = parse_date(f"{year}-{day.replace('/', '-').replace('.', '-')}")
        return found[:10] if found else None
    return None


def _anchor_title(anchor: Any) -> str:
    """The title as the link lists it: its ``title`` attribute where the text is cut (``…``, a
    prefix of it) or holds it plus more (a date, a summary), else the heading inside the link,
    else the link's text without a date printed inside it."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        if el is not anchor and _short_date(el):
            parts.append(el.tail or "")
            return
        parts.append(el.text or "")
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            else:
                parts.append(child.tail or "")
        if el is not anchor:
            parts.append(el.tail or "")

    walk(anchor)
    text = collapse("".join(parts))
    full = collapse(anchor.get("title") or "")
    if full:
        bare = re.sub(r"(…+|\.{3,})$", "", text).rstrip()
        squeezed, squeezed_full = "".join(bare.split()), "".join(full.split())
        if squeezed_full.startswith(squeezed) or squeezed_full in squeezed:
            return full
    heading = anchor.xpath("(.//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5])[1]")
    if heading and collapse(heading[0].text_content()):
        return collapse(heading[0].text_content())
    return text


def _row(anchor: Any) -> Any:
    """The listing row around a link: the nearest ``li``/``tr``/``dd``/… ancestor (a ``dt``
    with its ``dd`` counts as one row: their parent), else the link's parent."""
    el = anchor.getparent()
    for _ in range(6):
        if el is None:
            break
        if el.tag in ROW_TAGS:
            return el.getparent() if el.tag in ("dt", "dd") and el.getparent() is not None else el
        el = el.getparent()
    return anchor.getparent() if anchor.getparent() is not None else anchor


def _column(sel: Selector) -> str | None:
    """The listing page's own column: the last item of its breadcrumb that is not the home page
    or the lead (``当前位置：``), else a short heading whose class or id names the column."""
    for node in sel.xpath("//body//*[@class or @id]"):
        el = node.root
        names = f"{el.get('class') or ''} {el.get('id') or ''}".split()
        if not any(_CRUMB.fullmatch(n) and not _NOT_CRUMB.fullmatch(n) for n in names):
            continue
        if len(collapse(el.text_content())) > _CRUMB_TEXT:
            continue
        parts = [  # each text node on its own: items may be apart only by markup (WebPlus)
            _CRUMB_LEAD.sub("", part.strip(" -—|")).strip()
            for text in el.itertext()
            for part in _CRUMB_SEP.split(collapse(text))
        ]
        parts = [t for t in parts if t and not _NOT_COLUMN.match(t)]
        if parts and len(parts[-1]) <= _SHORT:
            return parts[-1]
    for node in sel.xpath("//body//*[@class or @id]"):
        el = node.root
        if _COLUMN_HEAD.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            text = collapse(el.text_content())
            if 0 < len(text) <= _SHORT:
                return text
    return None


def _evidence(
    sel: Selector, base: str, articles: list[str], column: str | None
) -> dict[str, ListingEvidence]:
    """Row evidence of each article link: for every URL of ``articles``, the first link to it
    whose text names it, its row's date, and ``column``; where every link to it says only
    "more", the row's date and the title the row prints elsewhere (:func:`_more_title`)."""
    wanted = set(articles)
    found: dict[str, ListingEvidence] = {}
    more: dict[str, ListingEvidence] = {}  # rows known only by a "more" link
    resolved: dict[str, str | None] = {}  # raw href -> canonical URL (pages repeat links)
    for anchor in sel.root.iter("a") if sel.root is not None else ():
        raw = anchor.get("href")
        if raw is None:
            continue
        if raw not in resolved:
            href = absolute(base, raw)
            resolved[raw] = canonicalize(href) if href else None
        target = resolved[raw]
        if target is None or target not in wanted or target in found:
            continue
        title = _anchor_title(anchor)
        row = _row(anchor)
        if not title or MORE_TEXT.match(title):
            # a "详细>>" / "Read more" link: the row names the article, if anything does
            more.setdefault(
                target,
                ListingEvidence(
                    title=_more_title(anchor, row),
                    published=_row_date(row, anchor),
                    column=column,
                    source="listing",
                    listing_url=canonicalize(base),
                ),
            )
            continue
        found[target] = ListingEvidence(
            title=title,
            published=_row_date(row, anchor),
            column=column,
            source="listing",
            listing_url=canonicalize(base),
        )
        if len(found) == len(wanted):
            break
    found = {**more, **found}
    return {url: found[url] for url in articles if url in found}


def _more_title(anchor: Any, row: Any) -> str | None:
    """The title of a row whose link only says "more": the link's ``title`` attribute, else a
    heading in the row, else the row's first short text outside links that is not a date;
    None when the row prints no such text (its date is still evidence)."""
    attribute = collapse(anchor.get("title") or "")
    if attribute and not MORE_TEXT.match(attribute):
        return attribute
    if row is anchor:
        return None
    for heading in row.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        text = collapse(heading.text_content())
        if text and not MORE_TEXT.match(text):
            return text
    for text in row.xpath(".//text()[not(ancestor::a)]"):
        text = collapse(str(text))
        if (
            len(text) >= _MIN_TITLE
            and len(text) <= _SHORT_TITLE
            and not MORE_TEXT.match(text)
            and not parse_date(text)
        ):
            return text
    return None
