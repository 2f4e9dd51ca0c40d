"""The generic fallback chain: what to do when neither profile nor preset knows a field.

Order of trust: machine-readable metadata (JSON-LD, OpenGraph, ``<meta>``, ``<time>``), then
structure (headings, text density). Selectors are named constants so they can be read at a glance.
"""

from __future__ import annotations

import json
import re

from lxml import html as lxml_html
from parsel import Selector

from newscrawler.extraction.text import collapse

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
    "//meta[@itemprop='datePublished']/@content",
    "//*[@itemprop='datePublished']/@datetime",
)
TIME_ELEMENTS = "//time[@datetime]/@datetime"
ARTICLE_CONTAINERS = (
    "//*[@itemprop='articleBody']",
    "//article//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' field--name-body ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' article-body ')]",
)
BOILERPLATE = re.compile(
    r"nav|menu|footer|header|sidebar|aside|comment|share|social|related|breadcrumb|banner|"
    r"advert|promo|cookie|subscribe|newsletter|widget|hot|recommend|toolbar|pagination|pager",
    re.I,
)
_TITLE_SPLIT = re.compile(r"\s+[-|–—_·]\s+|\s*[|｜_—-]{1,2}\s*(?=[^|｜_—-]*$)")


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


def _is_article(obj: dict) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(
        isinstance(k, str) and ("Article" in k or k in ("BlogPosting", "Report")) for k in kinds
    )


def title(sel: Selector) -> tuple[str | None, str, lxml_html.HtmlElement | None]:
    """Headline, the method that found it and its element when it is one on the page.

    Order: a heading that the ``<title>`` contains, else JSON-LD / OpenGraph, else the first
    ``<h1>``, else the ``<title>`` minus its site suffix. The element lets the caller read the
    metadata line printed between the headline and the body.
    """
    page_title = collapse(sel.xpath("string(//title)").get() or "")
    headings = [
        (collapse(h.xpath("string(.)").get() or ""), h.root)
        for h in sel.xpath("//body//*[self::h1 or self::h2 or self::h3]")
    ]
    matching = [(h, node) for h, node in headings if len(h) >= 4 and h in page_title]
    if matching:
        text, node = max(matching, key=lambda pair: len(pair[0]))
        return text, "generic:heading-in-title", node
    for obj in json_ld_objects(sel):
        if _is_article(obj) and isinstance(obj.get("headline"), str):
            return collapse(obj["headline"]), "generic:json-ld", None
    for xpath in META_TITLE:
        value = collapse(sel.xpath(xpath).get() or "")
        if value:
            return value, "generic:meta", None
    h1 = [(h, node) for h, node in headings if h and node.tag == "h1"]
    if h1:
        return h1[0][0], "generic:h1", h1[0][1]
    if page_title:
        return _TITLE_SPLIT.split(page_title)[0].strip(), "generic:title-tag", None
    return None, "none", None


def published_candidates(sel: Selector) -> list[tuple[str, str]]:
    """Machine-readable publication dates, most trusted first, with their method."""
    found: list[tuple[str, str]] = []
    for obj in json_ld_objects(sel):
        if _is_article(obj) and isinstance(obj.get("datePublished"), str):
            found.append((obj["datePublished"], "generic:json-ld"))
    found.extend((v, "generic:meta") for xpath in META_PUBLISHED for v in sel.xpath(xpath).getall())
    found.extend((v, "generic:time") for v in sel.xpath(TIME_ELEMENTS).getall()[:1])
    return found


def _link_density(el: lxml_html.HtmlElement, text_len: int) -> float:
    link_len = sum(len(collapse(a.text_content())) for a in el.iter("a"))
    return link_len / text_len if text_len else 1.0


def _boilerplate(el: lxml_html.HtmlElement) -> bool:
    for node in (el, *el.iterancestors()):
        if not isinstance(node.tag, str):
            continue
        if node.tag in ("nav", "footer", "header", "aside"):
            return True
        if BOILERPLATE.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False


def body_element(sel: Selector) -> tuple[lxml_html.HtmlElement | None, str]:
    """The element holding the article text: a known container, else the densest text block.

    Density scoring in the readability tradition: each paragraph adds its length (less its links)
    to its parent, half of that to its grandparent; boilerplate-looking regions are skipped.
    """
    for xpath in ARTICLE_CONTAINERS:
        nodes = sel.xpath(xpath)
        if nodes and len(collapse(nodes[0].xpath("string(.)").get() or "")) > 80:
            return nodes[0].root, "generic:container"
    scores: dict[lxml_html.HtmlElement, float] = {}
    root = sel.root
    for para in root.iter("p", "pre", "td", "div", "section", "li"):
        if para.tag in ("div", "section", "td", "li") and any(
            isinstance(c.tag, str) and c.tag in ("p", "div", "section", "table", "ul") for c in para
        ):
            continue
        text = collapse(para.text_content())
        if len(text) < 25 or _boilerplate(para):
            continue
        score = (
            1 + text.count(",") + text.count("，") + text.count("。") + min(len(text) / 100, 3)
        ) * (1 - _link_density(para, len(text)))
        parent = para.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + score
        grand = parent.getparent()
        if grand is not None and grand.tag != "html":
            scores[grand] = scores.get(grand, 0) + score / 2
    if not scores:
        body = root.find("body")
        return body, "generic:whole-page"
    best = max(scores, key=scores.get)
    return best, "generic:text-density"
