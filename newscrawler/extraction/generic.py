"""The generic fallback chain: what to do when neither profile nor preset knows a field.

Order of trust: machine-readable metadata (JSON-LD, OpenGraph, ``<meta>``, ``<time>``), then
structure (headings, text density). Selectors are named constants so they can be read at a glance.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from lxml import html as lxml_html
from parsel import Selector

from newscrawler.extraction.text import (
    collapse,
    display_length,
    displays_at_least,
    elements_printing,
    outside,
)
from newscrawler.extraction.vocabulary import (
    ARTICLE_HEADER_WORDS,
    ATTACHMENT_LABEL,
    BOILERPLATE_WORDS,
    COMMENT_WORDS,
    CONTENT_WORDS,
    FIGURE_WORDS,
    FILE_LINK,
    FURNITURE_HEADINGS,
    IN_BODY_FURNITURE_WORDS,
    SITE_LOGO_WORDS,
    SITE_NAME,
)

META_TITLE = (
    "//meta[@property='og:title']/@content",
    "//meta[@name='twitter:title']/@content",
    "//meta[@name='ArticleTitle']/@content",
)
META_PUBLISHED = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@property='og:published_time']/@content",
    "//meta[@name='pubdate' or @name='PubDate' or @name='publishdate' or @name='publish_date']/@content",
    "//meta[@name='date' or @name='Date' or @name='dc.date' or @name='DC.date.issued']/@content",
    "//meta[@name='parsely-pub-date' or @name='sailthru.date' or @name='article:published_time']/@content",
    "//*[@itemprop='datePublished']/@content",
    "//*[@itemprop='datePublished']/@datetime",
)
#: Article properties some CMSes print in a comment (Founder's ``<!--enpproperty <date>…</date>``).
PROPERTY_COMMENTS = "//comment()[contains(., '<date>')]"
_COMMENT_DATE = re.compile(r"<date>\s*([^<]+?)\s*</date>")
TIME_ELEMENTS = "//time[@datetime]"
ARTICLE_CONTAINERS = (
    "//*[@itemprop='articleBody']",
    "//article//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' field--name-body ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' article-body ')]",
)
#: A link to the site's home page (a logo's link).
_HOME_HREF = re.compile(r"^(?:https?://[^/]+)?/?(?:\./?|index\.\w+)?$")
#: Metas that name the site.
SITE_NAME_METAS = (
    "//meta[@property='og:site_name']/@content",
    "//meta[@name='application-name']/@content",
)
BOILERPLATE_TAGS = frozenset(["nav", "footer", "aside", "header"])
INLINE_TAGS = frozenset(["span", "font", "b", "i", "em", "strong", "a", "u", "small"])
_WORD_SPLIT = re.compile(r"[\s_-]+|(?<=[a-z])(?=[A-Z])")
_CLAUSE = re.compile(r"[,，。；;、！？!?]|\.(?=\s)")
_TITLE_SPLIT = re.compile(r"\s+[-|–—_·]\s+|\s*[|｜_—-]{1,2}\s*")


def json_ld_objects(sel: Selector) -> list[dict]:
    """Every JSON-LD object on the page (``@graph`` flattened); broken blocks are ignored."""
    objects: list[dict] = []
    for raw in sel.xpath("//script[@type='application/ld+json']/text()").getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, dict):
                objects.append(obj)
                stack.extend(obj.get("@graph", []) if isinstance(obj.get("@graph"), list) else [])
    return objects


def is_article_object(obj: dict) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(
        isinstance(k, str) and ("Article" in k or k in ("BlogPosting", "Report")) for k in kinds
    )


def site_names(sel: Selector) -> frozenset[str]:
    """The portal's own name as the page states it, compared without spaces and punctuation:
    ``og:site_name``, ``application-name``, and the last part of a ``<title>`` cut by separators
    (``新闻标题-学校要闻-某某大学新闻网``: the column before it is not the site)."""
    names = [sel.xpath(xpath).get() or "" for xpath in SITE_NAME_METAS]
    page_title = collapse(sel.xpath("string(//title)").get() or "")
    parts = _TITLE_SPLIT.split(page_title)
    if len(parts) > 1:
        names.append(parts[-1])
    return frozenset(b for b in (bare(n) for n in names) if b)


def is_site_heading(node: lxml_html.HtmlElement, names: frozenset[str]) -> bool:
    """True for a heading that names the portal, not an article or a column: its text is the
    site's name (:func:`site_names`), or it sits in the page's logo (an element named
    ``logo``/``branding``/``masthead``, a link to the home page) or in the site header
    (``#header``, or a header holding the site navigation) outside the article."""
    if bare(node.text_content()) in names:
        return True
    boxes = []
    for el in (node, *node.iterancestors()):
        if el.tag in ("article", "main"):
            return False  # inside the article: its own heading
        if el.tag in ("body", "html"):
            break  # the page's own classes say nothing about one heading
        boxes.append(el)
    for el in boxes:
        words = class_words(el)
        if words & SITE_LOGO_WORDS or (el.tag == "a" and _HOME_HREF.match(el.get("href") or "")):
            return True
        site_header = (el.get("id") or "").lower() == "header" or (
            (el.tag == "header" or "header" in words) and _holds_navigation(el)
        )
        if site_header and not words & ARTICLE_HEADER_WORDS:
            return True
    return False


def _holds_navigation(el: lxml_html.HtmlElement) -> bool:
    return any(
        d.tag == "nav" or class_words(d) & {"nav", "navbar", "navigation", "menu"}
        for d in el.iterdescendants()
        if isinstance(d.tag, str)
    )


def title(sel: Selector) -> tuple[str | None, str, lxml_html.HtmlElement | None]:
    """Headline, the step that found it and its element when it is one on the page.

    Order: a heading that the ``<title>`` contains (compared without spaces and punctuation, so
    an ``<h1>`` of title and subtitle spans counts), else JSON-LD / OpenGraph, else the first
    ``<h1>``, else the ``<title>`` minus its site suffix. A heading that names the site (:func:`is_site_heading`) is never the headline. The element
    lets the caller read the metadata lines printed between the headline and the body.
    """
    page_title = collapse(sel.xpath("string(//title)").get() or "")
    names = site_names(sel)
    headings = [
        (collapse(h.root.text_content()), h.root)
        for h in sel.xpath("//body//*[self::h1 or self::h2 or self::h3]")
        if not is_site_heading(h.root, names)
    ]
    bare_title = bare(page_title)
    matching = [(h, n) for h, n in headings if len(bare(h)) >= 4 and bare(h) in bare_title]
    if matching:
        text, node = max(matching, key=lambda pair: len(pair[0]))
        return text, "generic:heading-in-title", node
    for obj in json_ld_objects(sel):
        if is_article_object(obj) and isinstance(obj.get("headline"), str):
            return collapse(obj["headline"]), "generic:json-ld", None
    for xpath in META_TITLE:
        value = collapse(sel.xpath(xpath).get() or "")
        if value:
            return value, "generic:meta", None
    h1 = [(h, node) for h, node in headings if h and node.tag == "h1"]
    if h1:
        return h1[0][0], "generic:h1", h1[0][1]
    if page_title:
        text, node = _title_tag(sel, page_title)
        return text, "generic:title-tag", node
    return None, "none", None


def heading_before(
    sel: Selector, body: lxml_html.HtmlElement | None
) -> lxml_html.HtmlElement | None:
    """The last ``<h1>``–``<h3>`` before the body element, outside boilerplate and not naming
    the site (:func:`is_site_heading`): the headline of a page with no ``<title>`` nor ``<h1>``."""
    if body is None:
        return None
    names = site_names(sel)
    found = None
    for el in sel.root.iter("h1", "h2", "h3", body.tag):
        if el is body:
            return found
        text = collapse(el.text_content())
        if (
            el.tag != body.tag
            and text
            and not is_site_heading(el, names)
            and not any(is_boilerplate(a) for a in (el, *el.iterancestors()))
        ):
            found = el
    return None


_NOT_WORD = re.compile(r"[\W_]+")


def bare(text: str) -> str:
    """``text`` without spaces, punctuation or case, to compare titles and names."""
    return _NOT_WORD.sub("", text).lower()


def _title_tag(sel: Selector, page_title: str) -> tuple[str, lxml_html.HtmlElement | None]:
    """The ``<title>`` without a site suffix, and the element printing it in the page.

    A part after a separator is a suffix when the part before it is printed on its own in the
    page (the headline element), or when it names a site (``-某某大学新闻网``); a hyphen inside
    the headline (``2023-2024学年``) is left alone.
    """
    for match in _TITLE_SPLIT.finditer(page_title):
        head, tail = page_title[: match.start()].strip(), page_title[match.end() :].strip()
        if not head:
            continue
        node = _element_with_text(sel, head)
        if node is not None:
            return head, node
        if SITE_NAME.search(tail):
            return head, None
    return page_title, _element_with_text(sel, page_title)


def _element_with_text(sel: Selector, text: str) -> lxml_html.HtmlElement | None:
    """The innermost element of the page body whose visible text is exactly ``text``."""
    found = None
    for node in elements_printing(sel.root, text):
        if found is None or found in node.iterancestors():
            found = node
        else:
            break
    return found


def published_candidates(
    sel: Selector, skip: Callable[[lxml_html.HtmlElement], bool] = lambda el: False
) -> list[tuple[str, str]]:
    """Machine-readable publication dates, most trusted first, with their step: JSON-LD, metas,
    then the first ``<time datetime>`` that ``skip`` does not rule out (a related story's)."""
    found: list[tuple[str, str]] = []
    for obj in json_ld_objects(sel):
        if is_article_object(obj) and isinstance(obj.get("datePublished"), str):
            found.append((obj["datePublished"], "generic:json-ld"))
    found.extend((v, "generic:meta") for xpath in META_PUBLISHED for v in sel.xpath(xpath).getall())
    for comment in sel.xpath(PROPERTY_COMMENTS).getall():
        found.extend((v, "generic:cms-comment") for v in _COMMENT_DATE.findall(comment)[:1])
    times = [t for t in sel.xpath(TIME_ELEMENTS) if not skip(t.root)]
    found.extend((t.attrib["datetime"], "generic:time") for t in times[:1])
    return found


def enclosing(body: lxml_html.HtmlElement, levels: int) -> lxml_html.HtmlElement:
    """``body``'s ``levels``-th ancestor, stopping below ``<body>``: the article's own box."""
    region = body
    for _ in range(levels):
        parent = region.getparent()
        if parent is None or parent.tag in ("html", "body"):
            break
        region = parent
    return region


def content_elements(root: lxml_html.HtmlElement) -> Iterator[lxml_html.HtmlElement]:
    """Elements of ``root``'s subtree in document order, leaving out scripts and boilerplate
    subtrees (navigation, sidebars, footers...) and what is inside links (a link itself is
    given, for the text after it)."""
    stack = [root]
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str) or el.tag in ("script", "style") or is_boilerplate(el):
            continue
        yield el
        if el.tag != "a":
            stack.extend(reversed(el))


def visible_dates(body: lxml_html.HtmlElement | None, levels: int = 3) -> Iterator[str]:
    """Text runs near the article that may print its date, in page order: those in the article's
    enclosing elements (up to ``levels`` up), outside navigation, sidebars and link lists, so a
    'latest news' box never lends its dates."""
    if body is None:
        return
    for el in content_elements(enclosing(body, levels)):
        # A link's own text is another page's; the text after it is this one's (``A 发表于 …``).
        for text in (el.tail,) if el.tag == "a" else (el.text, el.tail):
            if text and any(ch.isdigit() for ch in text):
                yield text


def visible_lines(body: lxml_html.HtmlElement | None, levels: int) -> Iterator[str]:
    """Lines of the article's enclosing elements (up to ``levels`` up), one per block element
    and ``<br>`` with its inline text joined (``<b>时间：</b>2005-08-22``), outside boilerplate,
    links' own text left out."""
    if body is None:
        return
    holders = ("td", "p", "div", "li", "span", "font", "dd", "th")
    for el in content_elements(enclosing(body, levels)):
        if el.tag not in holders:
            continue
        lines: list[list[str]] = [[el.text or ""]]
        for child in el:
            if isinstance(child.tag, str) and child.tag not in ("a", "script", "style"):
                if child.tag in ("div", "p", "table", "ul", "td", "tr", "li"):
                    break
                if child.tag == "br":
                    lines.append([])
                else:
                    lines[-1].append(child.text_content())
            lines[-1].append(child.tail or "")
        for parts in lines:
            line = collapse(" ".join(parts))
            if line and any(ch.isdigit() for ch in line):
                yield line


def _link_density(el: lxml_html.HtmlElement, text_len: int) -> float:
    link_len = sum(len(collapse(a.text_content())) for a in el.iter("a"))
    return min(link_len / text_len, 1.0) if text_len else 1.0


def class_words(el: lxml_html.HtmlElement) -> frozenset[str]:
    """Words of an element's class and id: ``l-article-body`` and ``articleBody`` both say body.

    An id of more than four words is an anchor made from the element's text
    (``h-4-select-times-for-social-media``), not a name: it is left out. Read once per
    distinct class and id (a page repeats the same few names on many elements)."""
    return _name_words(el.get("class", ""), el.get("id", ""))


@lru_cache(maxsize=8192)
def _name_words(classes: str, ident: str) -> frozenset[str]:
    id_words = _WORD_SPLIT.split(ident)
    named = classes + (" " + ident if len(id_words) <= 4 else "")
    return frozenset(w.lower() for w in _WORD_SPLIT.split(named))


def is_boilerplate(el: lxml_html.HtmlElement) -> bool:
    """An element that is navigation, a footer, a share bar, a cookie notice... by tag or name."""
    if not isinstance(el.tag, str):
        return False
    if el.tag in BOILERPLATE_TAGS:
        return True
    words = class_words(el)
    return bool(words & BOILERPLATE_WORDS) and not words & CONTENT_WORDS


def _weight(text: str) -> float:
    """How much a paragraph looks like prose: clauses and length (CJK characters count double)."""
    length = display_length(text)
    clauses = min(len(_CLAUSE.findall(text)), 6)  # a caption full of commas is not an article
    return 1 + clauses + min(length / 100, 3)


def _paragraphs(root: lxml_html.HtmlElement) -> Iterator[lxml_html.HtmlElement]:
    """Elements that hold text directly: <p>, and containers with their own text runs
    (Chinese portals often put the text in a <div> or <td> with <br> between lines)."""
    for el in root.iter("p", "pre", "td", "div", "section", "li", "blockquote", "font", "span"):
        if el.tag in ("p", "pre", "blockquote"):
            yield el
            continue
        own = (el.text or "") + "".join(c.tail or "" for c in el)
        if displays_at_least(own, 40):
            yield el


def body_element(
    sel: Selector,
) -> tuple[lxml_html.HtmlElement | None, str, frozenset[lxml_html.HtmlElement]]:
    """The element holding the article text, how it was found, and what inside it to skip.

    A known container first (``itemprop=articleBody``...), else text density in the readability
    tradition: each paragraph adds its weight (less its links) to its parent, half to its
    grandparent and a third above that; paragraphs inside boilerplate (navigation, share bars,
    cookie notices, sidebars) count for nothing. Inside the chosen element, boilerplate and
    link lists are skipped, so the body keeps prose only.
    """
    root = sel.root
    for xpath in ARTICLE_CONTAINERS:
        nodes = sel.xpath(xpath)
        if nodes and len(collapse(nodes[0].root.text_content())) > 80:
            return nodes[0].root, "generic:container", noise_within(nodes[0].root)
    scores: dict[lxml_html.HtmlElement, float] = {}
    verdicts: dict[lxml_html.HtmlElement, bool] = {}
    page_length = len(collapse(root.text_content())) or 1

    def excluded(el: lxml_html.HtmlElement) -> bool:
        # A region holding most of the page's text is the page, whatever its class says.
        if el not in verdicts:
            noisy = is_boilerplate(el) or _is_figure(el)
            verdicts[el] = _is_comments(el, page_length) or (
                noisy and len(collapse(el.text_content())) < page_length / 2
            )
        return verdicts[el]

    for para in _paragraphs(root):
        text = collapse(para.text_content())
        if display_length(text) < 25 or any(excluded(a) for a in _ancestry(para)):
            continue
        score = _weight(text) * (1 - _link_density(para, len(text)))
        # A <div>/<td> holding its text directly (after an <img>, between <br>s) is a candidate
        # itself, as its own paragraph's parent would be.
        holds_text = para.tag not in ("p", "pre", "blockquote")
        for depth, ancestor in enumerate(_ancestry(para, include_self=holds_text)):
            if depth > 2 or ancestor.tag in ("html", "body"):
                break
            scores[ancestor] = scores.get(ancestor, 0) + score / (1, 2, 3)[depth]
    if not scores:
        body = root.find("body")
        return body, "generic:whole-page", frozenset()
    best = max(
        scores,
        key=lambda el: scores[el] * (1 - _link_density(el, len(collapse(el.text_content())))),
    )
    while best.tag in INLINE_TAGS and best.getparent() is not None:
        best = best.getparent()  # paragraphs wrapped in a <span>/<font>: the block holding them
    best = _with_split_siblings(best, scores)
    best = _with_chunks(best, scores)
    return best, "generic:text-density", noise_within(best)


def _with_split_siblings(
    best: lxml_html.HtmlElement, scores: dict[lxml_html.HtmlElement, float]
) -> lxml_html.HtmlElement:
    """The parent of ``best`` when a sibling scores nearly as well (an article split into
    several text blocks around an image or an ad), else ``best``."""
    parent = best.getparent()
    if parent is None or parent.tag in ("html", "body") or is_boilerplate(parent):
        return best
    rivals = [
        el for el in parent if el is not best and scores.get(el, 0) >= 0.5 * scores.get(best, 0)
    ]
    return parent if rivals else best


def _with_chunks(
    best: lxml_html.HtmlElement, scores: dict[lxml_html.HtmlElement, float]
) -> lxml_html.HtmlElement:
    """The nearest common ancestor of ``best`` and the other well-scored elements of the same
    tag and class (an article printed in chunks between figures and pull quotes), else
    ``best``. When each of those elements sits in a ``<table>`` of its own below that ancestor,
    they are the posts of a forum thread: the first (the opening post) is the article, the
    others are replies."""
    name = best.get("class")
    if not name:
        return best
    chunks = [
        el
        for el in scores
        if el is not best
        and el.tag == best.tag
        and el.get("class") == name
        and scores[el] >= 0.2 * scores[best]
    ]
    if not chunks:
        return best
    holder = best
    while any(holder not in chunk.iterancestors() for chunk in chunks):
        holder = holder.getparent()
        if holder is None or holder.tag in ("html", "body"):
            break
    posts = sorted((best, *chunks), key=_document_order)
    tables = [_table_below(el, holder) for el in posts]
    if all(t is not None for t in tables) and len(set(tables)) == len(tables):
        return posts[0]  # each block in a table of its own: a thread, its opening post the article
    return best if holder is None or holder.tag in ("html", "body") else holder


def _document_order(el: lxml_html.HtmlElement) -> int:
    """How many elements open before ``el`` in the page."""
    return int(el.xpath("count(preceding::*) + count(ancestor::*)"))


def _table_below(
    el: lxml_html.HtmlElement, holder: lxml_html.HtmlElement
) -> lxml_html.HtmlElement | None:
    """The outermost ``<table>`` between ``el`` and its ancestor ``holder``, if any."""
    found = None
    for ancestor in el.iterancestors():
        if ancestor is holder:
            return found
        if ancestor.tag == "table":
            found = ancestor
    return found


def _is_figure(el: lxml_html.HtmlElement) -> bool:
    """Photo captions and credits: text about an image, never where the article is."""
    if el.tag in ("figure", "figcaption"):
        return True
    words = class_words(el)
    return bool(words & FIGURE_WORDS) and not words & CONTENT_WORDS


def _is_comments(el: lxml_html.HtmlElement, around: int) -> bool:
    """A comment section or reply form (``id="comments"``, a ``<form>`` with a text box holding
    less than half of the ``around`` characters of the page or region): readers' words, not the
    article's, even on a page where they outweigh the article. A form wrapping the whole page
    (ASP.NET's ``Form1``) is not a reply form."""
    if el.tag == "form":
        text = len(collapse(el.text_content()))
        return el.find(".//textarea") is not None and text < around / 2
    words = class_words(el)
    return bool(words & COMMENT_WORDS) and not words & CONTENT_WORDS


def _ancestry(el: lxml_html.HtmlElement, include_self: bool = True) -> list[lxml_html.HtmlElement]:
    chain = [el] if include_self else []
    chain.extend(a for a in el.iterancestors() if a.tag not in ("html", "body"))
    return chain


def furniture_within(root: lxml_html.HtmlElement) -> frozenset[lxml_html.HtmlElement]:
    """Descendants of an article region that are furniture, whatever found the region: share and
    print bars, category labels, contact boxes, related-news boxes (by tag, class/id words, or a
    heading such as ``相关新闻`` / ``For more info`` opening a short box)."""
    noise: set[lxml_html.HtmlElement] = set()
    region_length = len(collapse(root.text_content()))
    for el in outside(root, noise):
        if not isinstance(el.tag, str):
            continue
        words = class_words(el)
        if (
            el.tag in ("nav", "aside", "footer")
            or _is_comments(el, region_length)
            or (
                words & IN_BODY_FURNITURE_WORDS
                and not words & CONTENT_WORDS
                and not _inside_a_sentence(el)
            )
            or el.tag in ("div", "section", "ul", "dl")
            and _opens_with_furniture_heading(el)
        ):
            noise.add(el)
        elif _is_furniture_heading_line(el):
            noise.update(_heading_and_its_links(el))
    return frozenset(noise)


def _inside_a_sentence(el: lxml_html.HtmlElement) -> bool:
    """An inline element that a sentence runs through (``a hazard of deep <a class="textTag">
    space travel</a>, but…``): words right before it and a word or punctuation right after.
    Whatever its class says (a tag link), it is part of the text. A label's value
    (``Tags: <a>…</a>``) or a list of tags (``<a>…</a>, <a>…</a>``) is not."""
    if el.tag not in INLINE_TAGS or el.getparent() is None:
        return False
    previous = el.getprevious()
    before = (previous.tail if previous is not None else el.getparent().text) or ""
    return bool(_SENTENCE_BEFORE.search(before) and _SENTENCE_AFTER.match(el.tail or ""))


#: A sentence running into an inline element, and on after it.
_SENTENCE_BEFORE = re.compile(r"\w\s*$")
_SENTENCE_AFTER = re.compile(r"\s*(?:\w|[.,;!?。，；！？])")


def _is_furniture_heading_line(el: lxml_html.HtmlElement) -> bool:
    """A paragraph or heading that only says ``You may also like…`` / ``相关新闻``, or that says
    it and links the first story on the same line (``延伸阅读：<a>…</a>``)."""
    if el.tag not in ("p", "h2", "h3", "h4", "h5", "h6", "strong", "b"):
        return False
    text = collapse(el.text_content())
    if FURNITURE_HEADINGS.match(text):
        return True
    lead = _LABEL_THEN_TEXT.match(text)
    if not lead or not FURNITURE_HEADINGS.match(lead.group("label")) or el.find(".//a") is None:
        return False
    # the heading printed before the link (a link reading ``Read next: …`` is one story's link)
    before_links = collapse("".join(el.xpath(".//text()[not(ancestor::a)]")))
    return before_links.startswith(lead.group("label")) and (
        _link_density(el, len(lead.group("rest"))) >= 0.9
    )


#: ``label：text`` on one line (a heading and what it announces).
_LABEL_THEN_TEXT = re.compile(r"^(?P<label>[^:：]{1,30}?)\s*[:：]\s*(?P<rest>\S.*)$")


def _heading_and_its_links(heading: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """A furniture heading printed as a paragraph of the text and the run of siblings after it
    that are mostly links (over 60% of their text: the related stories it announces); the heading alone when no link
    follows (a heading without its list is still no article text)."""
    run = [heading]
    for sibling in heading.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        text = collapse(sibling.text_content())
        if not text:
            continue  # an empty ad slot between the links
        if (
            sibling.find(".//a") is None
            and sibling.tag != "a"
            or _link_density(sibling, len(text)) <= 0.6
        ):
            break
        run.append(sibling)
    return run


def _opens_with_furniture_heading(el: lxml_html.HtmlElement) -> bool:
    first = next((collapse(t) for t in el.itertext() if collapse(t)), "")
    return bool(FURNITURE_HEADINGS.match(first)) and display_length(el.text_content()) < 600


def _is_attachment_line(el: lxml_html.HtmlElement) -> bool:
    """A paragraph that links the article's attachments (``附件：名单.docx``): body, not links."""
    if ATTACHMENT_LABEL.match(collapse(el.text_content())):
        return True
    return el.tag == "p" and any(FILE_LINK.search(a.get("href", "")) for a in el.iter("a"))


def noise_within(root: lxml_html.HtmlElement) -> frozenset[lxml_html.HtmlElement]:
    """Descendants of a region found by text density that are not article text: furniture
    (:func:`furniture_within`) and blocks that are mostly links (related stories, tag lists).
    A paragraph stays even when it is mostly a link (``Take a look at <a>the seven steps</a>``),
    and so does a table of links with a column of its own text (the content of notices and prize
    lists); a table that holds nothing but links is a box of other stories
    (:func:`_is_link_table`)."""
    noise = set(furniture_within(root))
    for el in outside(root, noise):
        if not isinstance(el.tag, str):
            continue
        if is_boilerplate(el) or _is_link_table(el):
            noise.add(el)
        elif (
            el.tag in ("ul", "ol", "div", "section", "li")
            and el.find(".//table") is None
            and not _is_attachment_line(el)
        ):
            text = collapse(el.text_content())
            if text and _link_density(el, len(text)) > 0.6 and el.find(".//a") is not None:
                noise.add(el)
    return frozenset(noise)


#: Text (display width, bullets and separators aside) a cell of a link box prints outside its
#: links: a label (``理财：``).
_LINK_CELL_EXTRA = 8
#: Bullets, separators and brackets between the links of a box, and whitespace.
_BULLETS = re.compile(r"[\s·•|｜/:：\[\]【】()（）<>«»-]+")
#: A cell that only names the box: ``财经新闻TOP10:``, ``本周推荐：``.
_BOX_LABEL = re.compile(r"^.{1,20}[:：]$")


def _is_link_table(el: lxml_html.HtmlElement) -> bool:
    """A table (with no table inside) whose every cell that prints text holds links and at
    most a bullet or a short label beside them, or only names the box (``本周推荐：``): a box of
    other stories, not article text. A prize list or a notice's table keeps a column of its own
    text (a number, a unit, a header row) and is not one; nor is a table linking files (the
    article's attachments)."""
    if el.tag != "table" or el.find(".//table") is not None:
        return False
    linked = False
    for cell in el.iter("td", "th"):
        text = collapse(cell.text_content())
        if not text:
            continue
        links = list(cell.iter("a"))
        if any(FILE_LINK.search(a.get("href", "")) for a in links):
            return False
        if not links:
            if not _BOX_LABEL.match(text):
                return False
            continue
        outside = _BULLETS.sub("", "".join(cell.xpath(".//text()[not(ancestor::a)]")))
        if display_length(outside) > _LINK_CELL_EXTRA:
            return False
        linked = True
    return linked
