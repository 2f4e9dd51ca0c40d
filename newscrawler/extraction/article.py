"""Detail page -> article item. A pure function: no network, no files, no clock unless given.

:class:`ArticlePage` has one resolver per item field. Each reads top to bottom as its chain of
candidates (site profile selector, family preset selector, then the generic chain of docs/design.md §7)
and records in ``extraction`` the step that actually produced the value. Steps several fields
share (the headline element, the article region, the metadata lines around it, the body read
into blocks) are cached properties, so no resolver depends on another having run first.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from newscrawler.extraction import generic
from newscrawler.extraction.around import (
    block_lines,
    breadcrumb_texts,
    column_heading,
    in_teaser,
    is_topic_label,
    labels_near,
    lines_after,
    lines_between,
    near,
    position,
)
from newscrawler.extraction.attachments import attachments_in, blocks_after
from newscrawler.extraction.body import (
    INT,
    BodyParts,
    images_after,
    lead_parts,
    printed_count,
    read_body,
)
from newscrawler.extraction.credits import (
    Credit,
    credits_of_fields,
    plausible_name,
    split_names,
)
from newscrawler.extraction.dates import date_in_url, month_date, parse_date, zone_info
from newscrawler.extraction.decoding import UndecodableError, decode_html
from newscrawler.extraction.detect import detect_family
from newscrawler.extraction.metalines import Field, split_fields
from newscrawler.extraction.text import (
    cjk_ratio,
    collapse,
    display_length,
    is_hidden,
)
from newscrawler.extraction.urls import absolute, canonicalize, same_site
from newscrawler.extraction.vocabulary import (
    BREADCRUMB_LABEL,
    BREADCRUMB_SEPARATOR,
    BREADCRUMB_SKIP,
    SITE_DATE_CONTEXT,
    VIEWS_SUFFIXES,
)
from newscrawler.profiles import SiteProfile, load_preset

__all__ = ["ArticlePage", "Extraction", "UndecodableError", "content_hash", "decode_html"]

_PLACEHOLDER_TIME = re.compile(r"T(12:00:00(\.0+)?(Z|\+00:?00)|00:00:00)")
_DYNCLICKS = re.compile(r"_showDynClicks\(\s*[\"'](\w+)[\"']\s*,\s*(\d+)\s*,\s*(\d+)\s*\)")
#: What a printed date and time are made of: left out to measure the text around a date.
_DATE_LIKE = re.compile(r"[\d\s:：/.\-年月日时分秒]+|[A-Za-z]{3,9}\.?(?=\s*\d)")
#: A count printed before its word: ``2638 views``, ``1200次浏览``.
_VIEWS_AFTER = re.compile(
    rf"(?<![\d.:/-])(\d[\d,]*)\s*(?:{'|'.join(VIEWS_SUFFIXES)})(?![A-Za-z])", re.I
)
#: CMS metas that name the column an article is filed under.
COLUMN_METAS = ("ColumnName", "columnname", "column", "Column", "category", "article:section")
_COLUMN_META_XPATH = (
    "("
    + " | ".join(f"//meta[@name='{name}' or @property='{name}']/@content" for name in COLUMN_METAS)
    + ")[1]"
)
#: Where an author byline is printed when no labelled line gives one, most trusted first.
BYLINE_SOURCES = (
    ("generic:itemprop-author", "//*[@itemprop='author']"),
    ("generic:rel-author", "//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]"),
)


@dataclass
class Extraction:
    """What one detail page yields: the item, a counter URL to fetch for views, and methods."""

    item: dict[str, Any]
    views_url: str | None = None


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


def default_timezone(profile: SiteProfile, url: str) -> str | None:
    """The portal's UTC offset: the profile's, else ``+08:00`` for a ``.cn`` host, else None."""
    if profile.timezone:
        return profile.timezone
    host = urlsplit(url).hostname or ""
    return "+08:00" if host.endswith(".cn") else None


@dataclass
class _Found:
    """A value, the step that produced it, and the element it came from (None if no element)."""

    value: Any
    step: str
    node: Any = None


@dataclass
class _MetaLine:
    text: str
    where: str  # "before" (between headline and body) or "after" (right after the body)
    fields: list[Field]


class ArticlePage:
    """One parse of one detail page with the profile that reads it; one resolver per field.

    Every public resolver returns the field's value and records the step that produced it in
    :attr:`steps` (nothing is recorded when no candidate matched).
    """

    def __init__(self, url: str, html: str, profile: SiteProfile, fetched: datetime) -> None:
        self.url = url
        self.html = html
        self.sel = Selector(text=html or "<html></html>")
        self.profile, self.family_step = resolve_family(profile, html)
        self.site_id = profile.id
        self.fetched = fetched
        self.timezone = default_timezone(self.profile, url)
        self.steps: dict[str, str] = {}

    # -- helpers --------------------------------------------------------------------------------
    def origin(self, key: str) -> str:
        return "profile" if key in self.profile.overrides else self.family_step

    def first(self, key: str) -> list[Any]:
        """The nodes of the first of the profile's ``key`` selectors that matches anything."""
        for xpath in self.profile.xpaths(key):
            found = self.sel.xpath(xpath)
            if found:
                return list(found)
        return []

    def texts(self, key: str) -> list[str]:
        found = self.first(key)
        return [t for t in (collapse(n.xpath("string(.)").get() or "") for n in found) if t]

    def _date(self, text: str) -> str | None:
        return parse_date(text, self.timezone, self.fetched.date(), now=self.fetched)

    def _record(self, field: str, step: str, value: Any) -> Any:
        if value not in (None, "", []):
            self.steps[field] = step
        return value

    # -- shared steps ---------------------------------------------------------------------------
    @cached_property
    def headline(self) -> _Found:
        """The headline, its step and element: the selector's element, else the generic chain."""
        for node in self.first("title"):
            text = collapse(node.xpath("string(.)").get() or "")
            if text:
                return _Found(text, f"{self.origin('title')}:selector", node.root)
        value, step, node = generic.title(self.sel)
        if value is None:  # no <title>, no <h1>: the heading right above the body
            node = generic.heading_before(self.sel, self.region.value)
            if node is not None:
                return _Found(collapse(node.text_content()), "generic:heading", node)
        return _Found(value, step, node)

    @cached_property
    def region(self) -> _Found:
        """The element holding the article text; ``node`` is the set of elements to skip in it."""
        excluded = {n.root for xp in self.profile.xpaths("exclude") for n in self.sel.xpath(xp)}
        found = self.first("body")
        if found:
            root = found[0].root
            skip = generic.furniture_within(root) | excluded
            return _Found(root, f"{self.origin('body')}:selector", frozenset(skip))
        root, step, noise = generic.body_element(self.sel)
        return _Found(root, step, frozenset(noise | excluded))

    @cached_property
    def meta_lines(self) -> list[_MetaLine]:
        """Metadata lines printed between the headline and the body and right after the body.

        The ``meta`` selector's visible elements where it matches, else the text between the
        headline element and the body; and, where the selector gives none after the body, the
        short blocks right after it. Read one line per block element whatever the tags; a line
        that is only a label (``By``) is joined to the next.
        """
        body_root = self.region.value
        lines: list[_MetaLine] = []
        nodes = sorted({n.root for n in self.first("meta")}, key=position)
        chosen = set(nodes)
        body_at = position(body_root) if body_root is not None else None
        for node in nodes:
            ancestors = list(node.iterancestors())
            if any(a in chosen for a in ancestors) or any(is_hidden(n) for n in (node, *ancestors)):
                continue
            later = body_at is not None and position(node) > body_at
            if later and not near(node, body_root):
                continue  # a sidebar or footer printing the same markup (dates of other news)
            for text in block_lines(node):
                lines.append(_MetaLine(text, "after" if later else "before", split_fields(text)))
        if body_root is None:
            return lines
        if not chosen and self.headline.node is not None:
            lines.extend(
                _MetaLine(t, "before", split_fields(t))
                for t in lines_between(self.headline.node, body_root)
            )
        if not any(line.where == "after" for line in lines):
            lines.extend(_MetaLine(t, "after", split_fields(t)) for t in lines_after(body_root))
        lines.sort(key=lambda line: line.where == "after")
        return lines

    @cached_property
    def content(self) -> BodyParts:
        """The article region read into paragraphs, captions, images, credits and metadata."""
        root = self.region.value
        if root is None:
            return BodyParts([], [], [], [], [], [], None)
        body = read_body(root, self.url, self.region.node)
        body.images.extend(u for u in images_after(root, self.url) if u not in body.images)
        title = self.headline.value
        if title and body.blocks and collapse(body.blocks[0]) == title:
            body.blocks.pop(0)  # the headline repeated inside the body container
        # A hero/featured image field and a standfirst field printed between headline and body.
        lead = lead_parts(self.headline.node, root, self.url)
        body.images[:0] = [u for u in lead.images if u not in body.images]
        body.captions[:0] = lead.captions
        body.credits[:0] = lead.credits
        body.blocks[:0] = [t for t in lead.standfirst if t not in body.blocks and t != title]
        return body

    @property
    def _article_anchors(self) -> tuple[Any, ...]:
        return (self.headline.node, self.region.value)

    def _in_teaser(self, element: Any) -> bool:
        """True for an element of a teaser card or related-story box, not of this article."""
        return in_teaser(element, self._article_anchors)

    # -- fields ---------------------------------------------------------------------------------
    def title(self) -> str | None:
        return self._record("title", self.headline.step, self.headline.value)

    def body(self) -> str | None:
        text = "\n\n".join(self.content.blocks) or None
        return self._record("body", self.region.step, text)

    def captions(self) -> list[dict[str, Any]]:
        return self._record("captions", "image-neighbours", self.content.captions)

    def images(self) -> list[str]:
        return self._record("images", "body-images", list(dict.fromkeys(self.content.images)))

    def attachments(self) -> list[dict[str, str]]:
        """Files the article links as attachments (``附件：…`` lines, document links,
        ``sudyfile-attr``, VSB downloads), in page order: inside the body, then in the blocks
        right after it."""
        root = self.region.value
        if root is None:
            return []
        roots = [root, *(b for b in blocks_after(root) if not self._in_teaser(b))]
        return self._record(
            "attachments", "body-links", attachments_in(roots, self.url, self.region.node)
        )

    def credits(self) -> list[dict[str, str]]:
        """Labelled credits in page order (the lines under the title, the body's credit lines,
        credits in captions, the lines after the body); else an author byline."""
        seen: set[Credit] = set()
        before: list[Credit] = []
        after: list[Credit] = []
        for line in self.meta_lines:
            for credit in credits_of_fields(line.fields):
                if credit not in seen:  # the same byline printed twice (header and footer)
                    seen.add(credit)
                    (before if line.where == "before" else after).append(credit)
        # The same credit printed twice (a photo credit under each of its captions) is one.
        labelled = list(dict.fromkeys([*before, *self.content.credits, *after]))
        if labelled:
            step = "metadata-lines" if before or after else "body-lines"
            return self._record("credits", step, self._with_co_authors(labelled))
        byline = self._byline()
        if byline.value:
            return self._record("credits", byline.step, byline.value)
        return []

    def _with_co_authors(self, credits: list[Credit]) -> list[dict[str, str]]:
        """``credits`` with the authors the article's JSON-LD names beside a printed author (a
        byline that prints the first of several ``author`` entries): placed after that author,
        labelled ``Author``. JSON-LD that names none of the printed authors (a CMS account) adds
        nobody."""
        names = [n for obj in generic.json_ld_objects(self.sel) if generic.is_article_object(obj)
                 for n in _json_ld_names(obj.get("author"))]  # fmt: skip
        printed = [i for i, c in enumerate(credits) if c.role == "author" and c.name in names]
        result = [c.as_dict() for c in credits]
        if printed:
            known = {c.name for c in credits}
            extra = _authors([n for n in dict.fromkeys(names) if n not in known])
            result[printed[-1] + 1 : printed[-1] + 1] = extra
        return result

    def _byline(self) -> _Found:
        for obj in generic.json_ld_objects(self.sel):
            if generic.is_article_object(obj):
                names = _json_ld_names(obj.get("author"))
                if names:
                    return _Found(_authors(names), "generic:json-ld-author")
        for step, xpath in BYLINE_SOURCES:
            for node in self.sel.xpath(xpath):
                if self._in_teaser(node.root):
                    continue
                inner = node.xpath(".//*[@itemprop='name']")
                text = collapse((inner or [node])[0].xpath("string(.)").get() or "")
                names = [n for n in split_names(re.sub(r"^by\s+", "", text, flags=re.I))]
                if names and all(plausible_name(n) for n in names):
                    return _Found(_authors(names), step)
        meta = collapse(self.sel.xpath("//meta[@name='author']/@content").get() or "")
        names = split_names(meta)
        if names and all(plausible_name(n) for n in names) and not meta.startswith("http"):
            return _Found(_authors(names), "generic:meta-author")
        return _Found([], "none")

    def topics(self) -> list[str]:
        """The article's own category labels, else a labelled topic line, else labels near the
        headline, else the CMS column meta, else the breadcrumb's last section, else the column
        heading above the headline. Never from related-story cards."""
        body_root = self.region.value
        own = [
            t
            for n in self.first("topics")
            if not self._in_teaser(n.root)
            for t in [collapse(n.xpath("string(.)").get() or "")]
            if t and not is_topic_label(t)
        ]
        if own:
            return self._record("topics", f"{self.origin('topics')}:selector", _unique(own))
        labelled = [f.value for line in self.meta_lines for f in line.fields
                    if f.role == "topic" and f.value] + self.content.topics  # fmt: skip
        if labelled:
            return self._record("topics", "metadata-line", _unique(labelled))
        near = labels_near(self.headline.node, body_root)
        if near:
            return self._record("topics", "generic:category-label", near)
        column = self.sel.xpath(_COLUMN_META_XPATH).get()
        if column and collapse(column):
            return self._record("topics", "generic:cms-meta", [collapse(column)])
        crumbs = self._breadcrumb()
        if crumbs.value:
            return self._record("topics", crumbs.step, crumbs.value)
        heading = column_heading(self.headline.node, generic.site_names(self.sel))
        if heading:
            return self._record("topics", "generic:column-heading", [heading])
        return []

    def _breadcrumb(self) -> _Found:
        title = self.headline.value
        parts = [c for c in self.texts("breadcrumb") if not BREADCRUMB_SKIP.match(c)]
        parts = [p for p in parts if p != title]
        if parts:
            return _Found([parts[-1]], f"{self.origin('breadcrumb')}:breadcrumb")
        for text in breadcrumb_texts(self.sel):
            parts = [p for p in BREADCRUMB_SEPARATOR.split(BREADCRUMB_LABEL.sub("", text)) if p]
            parts = [p for p in parts if not BREADCRUMB_SKIP.match(p) and p != title]
            if parts and all(display_length(p) <= 40 for p in parts):
                return _Found([parts[-1]], "generic:breadcrumb")
        return _Found([], "none")

    def published(self) -> str | None:
        """The publication date by evidence, nearest the headline first: the selector's element;
        a labelled date line under the title, then after the body, then in the body; JSON-LD,
        CMS metas and ``<time>``; an unlabelled date under the title; the URL; the issue on a
        reprint's source line (``——《北京之春》1998年3月号``, to the month when only the month is
        printed); a date printed alone beside the article. Never a footer, sidebar, copyright line or the prose.

        A ``<time datetime>`` is the visible date's exact value, so its time counts unless it is
        a date-only field's placeholder (Drupal stores those as noon UTC); a ``<meta>`` time is
        never shown to a reader, so it gives the day only (in the portal's zone).
        """
        for found in self._published_candidates():
            if found.value:
                return self._record("published", found.step, self._with_printed_time(found.value))
        return None

    def _with_printed_time(self, day: str) -> str:
        """``day`` with the time of the page's machine-readable timestamp for that day, when the
        page also prints that time beside the headline (``November 6, 2024 · 11:51 pm``): the
        printed time, with the zone the timestamp gives it."""
        if len(day) != 10:
            return day
        printed = " ".join(line.text for line in self.meta_lines if line.where == "before").lower()
        if not re.search(r"\d:\d\d", printed):
            return day
        for raw, _ in generic.published_candidates(self.sel, self._in_teaser):
            moment = _aware(raw, self.timezone)
            if moment and moment.date().isoformat() == day and _prints_time(printed, moment):
                return moment.isoformat()
        return day

    def _shows_other_time(self, stamp: str, shown: str) -> bool:
        """True when the element prints a time that is not ``stamp``'s in the portal's zone
        (Drupal's ``datetime="…T13:30:00Z"`` shown as ``04/16/2024 - 09:30``, local time in a zone
        the page does not name): the printed date is the one a reader sees, not the stamp's."""
        moment = _aware(stamp, self.timezone)
        return bool(
            moment and re.search(r"\d:\d\d", shown) and not _prints_time(shown.lower(), moment)
        )

    def _published_candidates(self) -> Any:
        tz, not_after = self.timezone, self.fetched.date()
        for node in self.first("published"):
            if self._in_teaser(node.root):
                continue  # the date of a related story printed in the same markup
            shown = collapse(node.xpath("string(.)").get() or "")
            attr = node.attrib.get("datetime") or ""
            exact = parse_date(attr, tz, not_after)
            if (
                exact
                and not _PLACEHOLDER_TIME.search(attr)
                and not self._shows_other_time(attr, shown)
            ):
                value = exact
            else:
                value = self._date(shown) or _day(exact)
            value = value or _day(parse_date(node.attrib.get("content") or "", tz, not_after))
            yield _Found(value, f"{self.origin('published')}:selector")
        for where in ("before", "after"):
            for line in self.meta_lines:
                if line.where == where:
                    for field in line.fields:
                        if field.role == "published":
                            yield _Found(self._date(field.value), f"metadata-line:{where}")
        for raw in self.content.dates:
            yield _Found(self._date(raw) or month_date(raw, not_after), "body-line")
        for raw, step in generic.published_candidates(self.sel, self._in_teaser):
            value = parse_date(raw, tz, not_after)
            exact = step == "generic:time" and not _PLACEHOLDER_TIME.search(raw)
            yield _Found(value if exact else _day(value), step)
        for line in self.meta_lines:
            if line.where == "before" and not SITE_DATE_CONTEXT.search(line.text):
                for field in line.fields:
                    if not field.role and display_length(field.value) <= 100:
                        yield _Found(
                            parse_date(field.value, tz, not_after), "metadata-line:unlabelled"
                        )
        for url in self._own_urls():
            yield _Found(date_in_url(url, not_after), "url")
        for raw in self.content.issues:  # a reprint's source line: when the original appeared
            yield _Found(self._date(raw) or month_date(raw, not_after), "reprint-source")
        if not self.region.step.startswith("generic"):
            return
        for raw in generic.visible_dates(self.region.value):
            text = collapse(raw)
            if display_length(text) > 120 or SITE_DATE_CONTEXT.search(text):
                continue
            labelled = [f.value for f in split_fields(text) if f.role == "published"]
            if labelled:
                yield _Found(self._date(labelled[0]), "generic:labelled-date")
            elif display_length(_DATE_LIKE.sub("", text)) <= 24:
                yield _Found(parse_date(text, tz, not_after), "generic:visible-date")
        # A labelled date further out (a forum's post header row in another table).
        for line in generic.visible_lines(self.region.value, levels=6):
            if display_length(line) <= 120 and not SITE_DATE_CONTEXT.search(line):
                for field in split_fields(line):
                    if field.role == "published":
                        yield _Found(self._date(field.value), "generic:labelled-date")

    def _own_urls(self) -> list[str]:
        """URLs of this article: the fetched one, its canonical and ``og:url``, and the link on
        its headline (blogs link the title to the permalink)."""
        hrefs = [
            self.sel.xpath("//link[@rel='canonical']/@href").get(),
            self.sel.xpath("//meta[@property='og:url']/@content").get(),
        ]
        node = self.headline.node
        if node is not None:
            hrefs.extend(a.get("href") for a in node.iter("a"))
            hrefs.extend(a.get("href") for a in node.iterancestors("a"))
        urls = [self.url, *(absolute(self.url, h) for h in hrefs)]
        return list(dict.fromkeys(u for u in urls if u))

    def views(self) -> tuple[int | None, str | None]:
        """The view count and the counter URL (see :attr:`_views`)."""
        value, counter, step = self._views
        return self._record("views", step, value), counter

    @cached_property
    def _views(self) -> tuple[int | None, str | None, str]:
        """The view count printed on the page, the counter URL that gives the live count, and
        the step that found the count.

        The count is the number the saved page shows (None where the CMS's counter script, VSB
        ``_showDynClicks`` or WebPlus ``WP_VisitCount``, has not filled it in); the counter URL is
        given wherever the page has one.
        """
        match = _DYNCLICKS.search(self.html)
        wp = self.sel.xpath("//*[contains(@class, 'WP_VisitCount')]")
        counter = absolute(self.url, wp[0].attrib.get("url")) if wp else None
        if match:
            kind, owner, clickid = match.groups()
            counter = absolute(
                self.url,
                "/system/resource/code/news/click/dynclicks.jsp"
                f"?clickid={clickid}&owner={owner}&clicktype={kind}",
            )
        for text in [*self.texts("views"), *(n.xpath("string(.)").get() or "" for n in wp[:1])]:
            number = INT.search(text)
            if number:
                value = int(number.group().replace(",", ""))
                return value, counter, f"{self.origin('views')}:selector"
        for line in self.meta_lines:
            for field in line.fields:
                count = printed_count(field.value) if field.role == "views" else None
                if count is not None:
                    return count, counter, "metadata-line"
        for line in self.meta_lines:
            number = _VIEWS_AFTER.search(line.text)
            if number:
                return int(number.group(1).replace(",", "")), counter, "metadata-line"
        if self.content.views is not None:
            return self.content.views, counter, "body-line"
        return None, counter, "none"

    def language(self) -> str | None:
        if self.profile.language:
            return self._record("language", "profile", self.profile.language)
        lang = (self.sel.xpath("/html/@lang").get() or "").strip()
        if lang:
            return self._record("language", "generic:html-lang", lang.split("-")[0].lower())
        body = self.body() or ""
        if body:
            return self._record(
                "language", "generic:script", "zh" if cjk_ratio(body) > 0.3 else "en"
            )
        return None

    def canonical_url(self) -> str:
        href = absolute(self.url, self.sel.xpath("//link[@rel='canonical']/@href").get())
        if href and same_site(href, self.url):
            return self._record("url", "canonical-link", canonicalize(href))
        return self._record("url", "fetched-url", canonicalize(self.url))

    def item(self) -> dict[str, Any]:
        """The article item (docs/design.md §4) with ``extraction``: field -> step that produced it."""
        views, _ = self.views()
        item: dict[str, Any] = {
            "url": self.canonical_url(),
            "site": self.site_id,
            "title": self.title(),
            "body": self.body(),
            "captions": self.captions(),
            "images": self.images(),
            "credits": self.credits(),
            "topics": self.topics(),
            "published": self.published(),
            "views": views,
            "language": self.language(),
            "attachments": self.attachments(),
            "fetched_at": self.fetched.astimezone(timezone.utc).isoformat(timespec="seconds"),
        }
        item["content_hash"] = content_hash(item)
        item["extraction"] = dict(sorted(self.steps.items()))
        return item


def _aware(raw: str, timezone: str | None) -> datetime | None:
    """An ISO timestamp with a zone as an aware datetime in the portal's zone (its own zone when
    the portal's is unknown); None for a date or a time without a zone."""
    try:
        moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None or len(raw.strip()) <= 10:
        return None
    return moment.astimezone(zone_info(timezone)) if timezone else moment


def _prints_time(text: str, moment: datetime) -> bool:
    """True when ``text`` (lower-case) prints ``moment``'s time, 24-hour or with am/pm."""
    h12 = moment.hour % 12 or 12
    half = "am" if moment.hour < 12 else "pm"
    return bool(
        re.search(rf"(?<!\d)0?{moment.hour}:{moment.minute:02d}(?!\d)(?!\s*[ap]\.?m)", text)
        or re.search(rf"(?<!\d)0?{h12}:{moment.minute:02d}\s*{half[0]}\.?m", text)
    )


def _unique(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


def _authors(names: list[str]) -> list[dict[str, str]]:
    return [Credit("author", "Author", name).as_dict() for name in names]


def _json_ld_names(author: Any) -> list[str]:
    people = author if isinstance(author, list) else [author]
    names = []
    for person in people:
        name = person.get("name") if isinstance(person, dict) else person
        if isinstance(name, str) and plausible_name(collapse(name)):
            names.append(collapse(name))
    return names


def _day(value: str | None) -> str | None:
    """An ISO date-time cut to its day (for times a reader never sees)."""
    return value[:10] if value else None


def extract_article(
    url: str,
    html: str | bytes,
    profile: SiteProfile,
    *,
    content_type: str | None = None,
    fetched_at: datetime | None = None,
) -> Extraction:
    """The article item of one detail page (docs/design.md §4), from its URL and HTML alone.

    Raises :class:`UndecodableError` when ``html`` is bytes that no charset decodes.
    """
    fetched = fetched_at or datetime.now(timezone.utc)
    text = decode_html(html, content_type) if isinstance(html, bytes) else html
    page = ArticlePage(url, text, profile, fetched)
    item = page.item()
    _, views_url = page.views()
    return Extraction(item=item, views_url=views_url)
