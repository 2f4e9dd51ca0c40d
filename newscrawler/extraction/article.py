"""Detail page -> article item. A pure function: no network, no files, no clock unless given.

Each field is resolved in the order of docs/design.md §7 (profile selector, preset selector, generic
chain) and the method that produced it is recorded in ``extraction`` so a data team can see how
far to trust a value.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

from parsel import Selector
from w3lib.encoding import html_to_unicode

from newscrawler.extraction import generic
from newscrawler.extraction.credits import Credit, parse_credit_fields, parse_credit_line
from newscrawler.extraction.dates import PUBLISHED_LABELS, parse_date
from newscrawler.extraction.detect import detect_family
from newscrawler.extraction.text import (
    cjk_ratio,
    collapse,
    display_length,
    is_hidden,
    segments_of,
)
from newscrawler.extraction.urls import absolute, canonicalize, same_site
from newscrawler.profiles import SiteProfile, load_preset

_META_LINE = re.compile(
    r"^(?P<label>Topics?|Tags?|Categor(?:y|ies)|Date|Published|Posted|(?:Post\s+|Page\s+)?Views?|Hits|Clicks|"
    r"发布时间|发布日期|发表时间|日期|更新时间|浏览次数|浏览量|点击数|点击量|点击率|阅读量|阅读次数|访问量|浏览)"
    r"\s*[:：]?\s*(?P<value>.*)$",
    re.I,
)
_VIEWS_LABEL = re.compile(r"view|hit|click|浏览|点击|阅读|访问")
_TOPIC_LABEL = re.compile(r"^(Topics?|Tags?|Categor(?:y|ies)|栏目|分类)\s*[:：]?$", re.I)
_BREADCRUMB_SKIP = re.compile(
    r"^(首页|主页|网站首页|正文|当前位置[:：]?|您的位置[:：]?|Home|Homepage|>+|»)$", re.I
)
_PLACEHOLDER_TIME = re.compile(r"T(12:00:00(\.0+)?(Z|\+00:?00)|00:00:00)")
_INT = re.compile(r"\d[\d,]*")
_DYNCLICKS = re.compile(r"_showDynClicks\(\s*[\"'](\w+)[\"']\s*,\s*(\d+)\s*,\s*(\d+)\s*\)")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_CAPTION_MAX = 160  # display width: a caption is a line, not a paragraph


@dataclass
class Extraction:
    """What one detail page yields: the item, a counter URL to fetch for views, and methods."""

    item: dict[str, Any]
    views_url: str | None = None


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Page bytes to text, trusting the BOM, then the HTTP header, then ``<meta charset>``, then
    whichever of UTF-8 and GB18030 decodes the bytes cleanly (old Chinese pages declare nothing).

    w3lib does this as browsers do (GB2312 is read as its superset GB18030, as browsers do).
    """
    _, text = html_to_unicode(content_type, body, auto_detect_fun=_guess_encoding)
    return text


def _guess_encoding(body: bytes) -> str | None:
    for encoding in ("utf-8", "gb18030"):
        try:
            body.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def resolve_family(profile: SiteProfile, html: str) -> tuple[SiteProfile, str]:
    """For ``cms = "auto"``: the detected family's preset under this profile's identity."""
    if profile.cms != "auto":
        return profile, f"preset:{profile.cms}"
    family = detect_family(html)
    if family is None:
        return profile, "generic"
    preset = load_preset(family)
    merged = replace(
        preset,
        id=profile.id,
        language=profile.language or preset.language,
        timezone=profile.timezone or preset.timezone,
        start_urls=profile.start_urls,
        allowed_domains=profile.allowed_domains,
        selectors={**preset.selectors, **profile.selectors},
        overrides=profile.overrides,
        source=profile.source,
    )
    return merged, f"detected:{family}"


def content_hash(item: dict[str, Any]) -> str:
    """sha256 over the normalized title, body, captions and credits (not views or fetch time)."""
    payload = {
        "title": collapse(item.get("title") or ""),
        "body": item.get("body") or "",
        "captions": [collapse(c["text"]) for c in item.get("captions") or []],
        "credits": [[c["role"], c["name"]] for c in item.get("credits") or []],
    }
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class _Page:
    """One parse of one page with the profile that reads it; each method resolves one field."""

    def __init__(self, url: str, html: str, profile: SiteProfile, fetched: datetime) -> None:
        self.url = url
        self.html = html
        self.sel = Selector(text=html or "<html></html>")
        self.profile, self.family_method = resolve_family(profile, html)
        self.fetched = fetched
        self.methods: dict[str, str] = {}
        self.title_node: Any = None
        self.noise: frozenset = frozenset()  # what the generic chain skips inside the body

    def origin(self, key: str) -> str:
        return "profile" if key in self.profile.overrides else self.family_method

    def first(self, key: str) -> Any:
        for xpath in self.profile.xpaths(key):
            found = self.sel.xpath(xpath)
            if found:
                return found
        return None

    def texts(self, key: str) -> list[str]:
        found = self.first(key)
        return [t for t in (collapse(n.xpath("string(.)").get() or "") for n in found or []) if t]

    # -- fields ---------------------------------------------------------------------------------
    def title(self) -> str | None:
        for node in self.first("title") or []:
            text = collapse(node.xpath("string(.)").get() or "")
            if text:
                self.title_node = node.root
                self.methods["title"] = f"{self.origin('title')}:selector"
                return text
        value, method, self.title_node = generic.title(self.sel)
        self.methods["title"] = method
        return value

    def body_root(self) -> Any:
        found = self.first("body")
        if found:
            self.methods["body"] = f"{self.origin('body')}:selector"
            return found[0].root
        root, method, self.noise = generic.body_element(self.sel)
        self.methods["body"] = method
        return root

    def meta_lines(self, body_root: Any) -> tuple[list[str], list[str]]:
        """Metadata lines (author, source, date...) printed before and after the body.

        The ``meta`` selector's visible elements, else the text between the headline and the
        body, where portals print them. Child elements are read with a space between them:
        ``<span>作者：A</span><span>来源：B</span>`` is two fields, not one name ``A来源``.
        """
        before: list[str] = []
        after: list[str] = []
        body_at = _position(body_root) if body_root is not None else None
        nodes = self.first("meta") or []
        chosen = {n.root for n in nodes}
        for node in nodes:
            ancestors = list(node.root.iterancestors())
            if any(a in chosen for a in ancestors):
                continue  # read already as part of an enclosing metadata element
            if any(is_hidden(n) for n in (node.root, *ancestors)):
                continue
            text = collapse(" ".join(node.xpath(".//text()[not(ancestor::script)]").getall()))
            if text:
                later = body_at is not None and _position(node.root) > body_at
                (after if later else before).append(text)
        if before or after:
            return before, after
        if self.title_node is None or body_root is None:
            return [], []
        between, inside = [], False
        for node in self.sel.root.iter():
            if node is self.title_node:
                inside = True
                continue
            if node is body_root:
                break
            if inside and isinstance(node.tag, str) and node.tag not in ("script", "style"):
                between.extend(t for t in (node.text, node.tail) if t and t.strip())
        text = collapse(" ".join(between))
        return ([text] if text and len(text) <= 300 else []), []

    def published(self, meta: str, body_dates: list[str], body_root: Any = None) -> str | None:
        """The date as printed, with a time only where the page gives one.

        A ``<time datetime>`` is the visible date's exact value, so its time counts unless it is
        a date-only field's placeholder (Drupal stores those as noon UTC); a ``<meta>`` time is
        never shown to a reader, so it gives the day only.
        """
        tz, not_after = self.profile.timezone, self.fetched.date()
        for node in self.first("published") or []:
            shown = collapse(node.xpath("string(.)").get() or "")
            exact = parse_date(node.attrib.get("datetime") or "", tz, not_after)
            if exact and not _PLACEHOLDER_TIME.search(node.attrib.get("datetime", "")):
                value = exact
            else:
                value = parse_date(shown, tz, not_after) or _day(exact)
            value = value or _day(parse_date(node.attrib.get("content") or "", tz, not_after))
            if value:
                self.methods["published"] = f"{self.origin('published')}:selector"
                return value
        if meta:
            labelled = PUBLISHED_LABELS.search(meta)
            value = parse_date(meta[labelled.end() :] if labelled else meta, tz, not_after)
            if value:
                self.methods["published"] = f"{self.origin('meta')}:meta-line"
                return value
        for raw in body_dates:
            value = parse_date(raw, tz, not_after)
            if value:
                self.methods["published"] = "generic:metadata-line"
                return value
        for raw, method in generic.published_candidates(self.sel):
            value = parse_date(raw, tz, not_after)
            exact = method == "generic:time" and not _PLACEHOLDER_TIME.search(raw)
            value = value if exact else _day(value)
            if value:
                self.methods["published"] = method
                return value
        if self.methods.get("body", "").startswith("generic"):
            for raw in generic.visible_dates(body_root):
                value = parse_date(raw, tz, not_after)
                if value:
                    self.methods["published"] = "generic:visible-date"
                    return value
        return None

    def topics(self, body_topics: list[str]) -> list[str]:
        topics = [t for t in self.texts("topics") if not _TOPIC_LABEL.match(t)]
        if topics:
            self.methods["topics"] = f"{self.origin('topics')}:selector"
            return list(dict.fromkeys(topics))
        if body_topics:
            self.methods["topics"] = "generic:metadata-line"
            return body_topics
        crumbs = [c for c in self.texts("breadcrumb") if not _BREADCRUMB_SKIP.match(c)]
        if crumbs:
            self.methods["topics"] = f"{self.origin('breadcrumb')}:breadcrumb"
            return [crumbs[-1]]
        return []

    def views(self, body_views: int | None) -> tuple[int | None, str | None]:
        counter = None
        match = _DYNCLICKS.search(self.html)
        if match:
            kind, owner, clickid = match.groups()
            counter = absolute(
                self.url,
                "/system/resource/code/news/click/dynclicks.jsp"
                f"?clickid={clickid}&owner={owner}&clicktype={kind}",
            )
        wp = self.sel.xpath("//*[contains(@class, 'WP_VisitCount')]")
        if wp and not counter:
            counter = absolute(self.url, wp[0].attrib.get("url"))
        for text in [*self.texts("views"), *(n.xpath("string(.)").get() or "" for n in wp[:1])]:
            number = _INT.search(text)
            if number:
                self.methods["views"] = f"{self.origin('views')}:selector"
                return int(number.group().replace(",", "")), counter
        if body_views is not None:
            self.methods["views"] = "generic:metadata-line"
        return body_views, counter

    def language(self, body: str) -> str | None:
        if self.profile.language:
            self.methods["language"] = "profile"
            return self.profile.language
        lang = (self.sel.xpath("/html/@lang").get() or "").strip()
        if lang:
            self.methods["language"] = "generic:html-lang"
            return lang.split("-")[0].lower()
        if body:
            self.methods["language"] = "generic:script"
            return "zh" if cjk_ratio(body) > 0.3 else "en"
        return None

    def canonical_url(self) -> str:
        href = absolute(self.url, self.sel.xpath("//link[@rel='canonical']/@href").get())
        if href and same_site(href, self.url):
            self.methods["url"] = "canonical-link"
            return canonicalize(href)
        self.methods["url"] = "fetched-url"
        return canonicalize(self.url)


def _day(value: str | None) -> str | None:
    """An ISO date-time cut to its day (for times a reader never sees)."""
    return value[:10] if value else None


def _position(element: Any) -> int:
    """Document-order index of an element (to tell metadata before the body from after it)."""
    return int(element.xpath("count(preceding::*) + count(ancestor::*)"))


@dataclass
class _Body:
    blocks: list[str]
    captions: list[dict[str, Any]]
    images: list[str]
    credits: list[Credit]
    dates: list[str]
    topics: list[str]
    views: int | None


def _is_caption(text: str, seg: Any, image: Any) -> bool:
    if display_length(collapse(text)) > _CAPTION_MAX or parse_credit_line(text):
        return False
    return seg.captionish or seg.block == image.block or (seg.centered and image.centered)


def _read_lines(raw: str, body: _Body) -> list[str]:
    """Lines of one paragraph that are article text; credit and metadata lines go to ``body``."""
    kept: list[str] = []
    for line in raw.split("\n"):
        text = collapse(line)
        if not text:
            continue
        people = parse_credit_line(text)
        meta = _META_LINE.match(text) if display_length(text) <= 80 else None
        if people:
            body.credits.extend(people)
        elif meta:
            label, value = meta.group("label").lower(), meta.group("value")
            if label.startswith(("topic", "tag", "categor")):
                body.topics.extend([value] if value else [])
            elif _VIEWS_LABEL.search(label):
                number = _INT.search(value)
                body.views = int(number.group().replace(",", "")) if number else body.views
            else:
                body.dates.append(value)
        else:
            kept.append(text)
    return kept


def read_body(root: Any, page_url: str, skip: frozenset = frozenset()) -> _Body:
    """Split the body element into paragraphs, captions tied to images, credits and metadata.

    A caption under a paragraph of several images belongs to the first of them (the fixtures'
    rule), so images met in the same block without text between keep the first as target.
    """
    body = _Body([], [], [], [], [], [], None)
    blocks: dict[tuple[int, int], list[str]] = {}
    last_image = None
    image_pending = False
    for seg in segments_of(root, skip) if root is not None else []:
        if seg.kind == "image":
            src = absolute(page_url, seg.src)
            if src:
                body.images.append(src)
                same_run = image_pending and last_image and last_image[0].block == seg.block
                if not same_run:
                    last_image = (seg, src)
                image_pending = True
            continue
        if (
            last_image
            and (image_pending or seg.captionish)
            and _is_caption(seg.text, seg, last_image[0])
        ):
            body.captions.append({"image_url": last_image[1], "text": collapse(seg.text)})
            image_pending = False
            continue
        image_pending = False
        # Two or more <br> in a row end a paragraph (portals use them instead of <p>).
        for part, raw in enumerate(_PARAGRAPH_BREAK.split(seg.text)):
            kept = _read_lines(raw, body)
            if kept:
                blocks.setdefault((seg.block, part), []).append(" ".join(kept))
    paragraphs = [collapse(" ".join(parts)) for parts in blocks.values()]
    body.blocks = [p for p in paragraphs if p]
    return body


def extract_article(
    url: str,
    html: str | bytes,
    profile: SiteProfile,
    *,
    content_type: str | None = None,
    fetched_at: datetime | None = None,
) -> Extraction:
    """The article item of one detail page (docs/design.md §4), from its URL and HTML alone."""
    fetched = fetched_at or datetime.now(timezone.utc)
    text = decode_html(html, content_type) if isinstance(html, bytes) else html
    page = _Page(url, text, profile, fetched)
    title = page.title()
    root = page.body_root()
    meta_before, meta_after = page.meta_lines(root)
    meta = " ".join(meta_before + meta_after)
    excluded = (n.root for xp in page.profile.xpaths("exclude") for n in page.sel.xpath(xp))
    skip = page.noise | frozenset(excluded)
    body = read_body(root, url, skip) if root is not None else _Body([], [], [], [], [], [], None)
    if title and body.blocks and collapse(body.blocks[0]) == title:
        body.blocks.pop(0)  # the headline repeated inside the body container
    credits_before, credits_after = (
        [c for line in lines for c in parse_credit_line(line) or parse_credit_fields(line)]
        for lines in (meta_before, meta_after)
    )
    meta_credits = credits_before + credits_after
    # Page order: the line under the title, lines ending the body, editor boxes after it.
    credits = [c.as_dict() for c in [*credits_before, *body.credits, *credits_after]]
    views, views_url = page.views(body.views)
    body_text = "\n\n".join(body.blocks)
    item: dict[str, Any] = {
        "url": page.canonical_url(),
        "site": profile.id,
        "title": title,
        "body": body_text or None,
        "captions": body.captions,
        "images": list(dict.fromkeys(body.images)),
        "credits": credits,
        "topics": page.topics(body.topics),
        "published": page.published(meta, body.dates, root),
        "views": views,
        "language": page.language(body_text),
        "fetched_at": fetched.astimezone(timezone.utc).isoformat(timespec="seconds"),
    }
    item["content_hash"] = content_hash(item)
    page.methods.setdefault("credits", "meta+body" if meta_credits else "body-lines")
    page.methods.setdefault("captions", "image-neighbours")
    item["extraction"] = dict(sorted(page.methods.items()))
    return Extraction(item=item, views_url=views_url)
