"""The anatomy of one detail page: the steps several fields share, each worked out once.

:class:`ArticlePage` is one parse of one page with the profile (and, where the crawl has them,
the listing evidence and the portal's learned template) that reads it. Its shared steps are the
headline element, the article region, the metadata lines printed around the body and the body
read into parts. Each is computed on first use and kept on the instance (a plain per-instance
cache: no lock, so extraction threads never queue behind each other), so no field depends on
another having run first. Where a field is decided lives in :mod:`newscrawler.extraction.fields`,
one module per field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from lxml import etree

from newscrawler.extraction import generic
from newscrawler.extraction.around import (
    block_lines,
    breadcrumb_texts,
    in_teaser,
    lines_after,
    lines_between,
    near,
    position,
)
from newscrawler.extraction.body import BodyParts, images_after, lead_parts, read_body
from newscrawler.extraction.dates import is_date_line, parse_date
from newscrawler.extraction.evidence import ListingEvidence
from newscrawler.extraction.hooks import FamilyHooks, hooks_for
from newscrawler.extraction.metalines import Field, split_fields
from newscrawler.extraction.selectors import PageSelector
from newscrawler.extraction.template import SiteTemplate, block_fingerprint
from newscrawler.extraction.text import BLOCK_TAGS, collapse, display_length, is_hidden
from newscrawler.profiles import SiteProfile

T = TypeVar("T")

#: Compiled template paths; ``None`` for a path that is not valid XPath 1.0 (it matches nothing).
_RULE_XPATHS: dict[str, etree.XPath | None] = {}
#: An ISO day as listing evidence gives it.
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Fields whose value is never taken from a furniture block (issue 17).
NEVER_FURNITURE = frozenset({"title", "body", "credits", "topics", "meta_line"})


class once(Generic[T]):  # noqa: N801 - used as a decorator, like functools.cached_property
    """A property computed on first use and stored in the instance's ``__dict__``.

    Unlike :func:`functools.cached_property` on Python 3.11 it takes no lock: pages are never
    shared between threads, so there is nothing to guard, and a lock shared by every instance
    makes extraction threads wait for each other.
    """

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, page: Any, owner: type | None = None) -> T:
        if page is None:
            return self  # type: ignore[return-value]
        value = self.compute(page)
        page.__dict__[self.name] = value  # later reads find it before the descriptor
        return value


@dataclass
class Found:
    """A value, the step that produced it, and the element it came from (None if no element)."""

    value: Any
    step: str
    node: Any = None


@dataclass
class MetaLine:
    """A metadata line: its text, ``where`` it is printed (``before``: between headline and
    body; ``after``: right after the body), the labelled fields it splits into, and whether the learned template located it."""

    text: str
    where: str
    fields: list[Field]
    learned: bool = field(default=False)  # read where the portal's template says the line is


class ArticlePage:
    """One parse of one detail page with what reads it; the shared steps of its fields.

    ``profile`` is the resolved profile (the detected family's preset under ``cms = "auto"``),
    ``family_step`` the name of where its selectors come from (``preset:vsb``, ``detected:vsb``
    or ``generic``), :attr:`hooks` the family quirks its preset names, ``fetched`` the fetch time (dates after it are not publication dates),
    ``timezone`` the portal's UTC offset (``+08:00``) or None. ``evidence`` are the listing rows
    that linked the page, ``template`` the portal's learned template (both optional).
    :attr:`steps` maps each field to the step that decided it (nothing for an empty field).
    """

    def __init__(
        self,
        url: str,
        html: str,
        profile: SiteProfile,
        *,
        family_step: str,
        site_id: str,
        fetched: datetime,
        timezone: str | None,
        evidence: Sequence[ListingEvidence] = (),
        template: SiteTemplate | None = None,
    ) -> None:
        self.url = url
        self.html = html
        self.sel = PageSelector(text=html or "<html></html>")
        self.profile = profile
        self.family_step = family_step
        self.hooks: FamilyHooks = hooks_for(profile.hooks)
        self.site_id = site_id
        self.fetched = fetched
        self.timezone = timezone
        self.evidence = tuple(evidence)
        self.template = template
        self.furniture = frozenset(template.furniture) if template else frozenset()
        self.steps: dict[str, str] = {}

    # -- reading selectors -----------------------------------------------------------------------
    def origin(self, key: str) -> str:
        """Who set the ``key`` selectors: ``profile``, else the family step (``preset:vsb``)."""
        return "profile" if key in self.profile.overrides else self.family_step

    def first(self, key: str) -> list[Any]:
        """The nodes of the first of the profile's ``key`` selectors that matches anything.

        Tried one by one (parsel compiles each XPath once and caches it): joining a key's
        selectors into one XPath union was measured 2-4 times slower on the replica portals."""
        for xpath in self.profile.xpaths(key):
            found = self.sel.xpath(xpath)
            if found:
                return list(found)
        return []

    def texts(self, key: str) -> list[str]:
        """The non-empty texts of :meth:`first`'s nodes, whitespace collapsed."""
        found = self.first(key)
        return [t for t in (collapse(n.xpath("string(.)").get() or "") for n in found) if t]

    def date(self, text: str) -> str | None:
        """The date ``text`` prints, in the portal's zone, never after the fetch."""
        return parse_date(text, self.timezone, self.fetched.date(), now=self.fetched)

    def record(self, field: str, step: str, value: T) -> T:
        """``value``, noting ``step`` as the one that decided ``field`` when it is not empty."""
        if value not in (None, "", []):
            self.steps[field] = step
        return value

    # -- what the crawl knows: the learned template and the listing evidence ------------------
    def is_furniture(self, element_or_text: Any) -> bool:
        """True when the block's text repeats across the portal's pages (the template lists its
        fingerprint as furniture): a banner, a site or column heading, a footer, a share bar."""
        if not self.furniture:
            return False
        text = element_or_text if isinstance(element_or_text, str) else _text(element_or_text)
        return block_fingerprint(text) in self.furniture

    def rule_results(self, name: str) -> list[Any]:
        """What the template's rule for field ``name`` matches on this page, in page order:
        elements, or strings for a path that selects text or attributes. Furniture blocks are
        left out for :data:`NEVER_FURNITURE` fields; ``[]`` without a template or rule, and for a
        path that is not valid XPath 1.0 (the rest of the chain decides then)."""
        rule = self.template.fields.get(name) if self.template else None
        if rule is None:
            return []
        xpath = _rule_xpath(rule.path)
        try:
            found = xpath(self.sel.root) if xpath is not None else []
        except etree.XPathEvalError:
            found = []
        results = found if isinstance(found, list) else [found]
        keep = []
        for result in results:
            if isinstance(result, (bool, float)):
                continue  # a boolean or number path gives no text
            if (
                name in NEVER_FURNITURE
                and not isinstance(result, str)
                and self.is_furniture(result)
            ):
                continue
            keep.append(result)
        return keep

    def rule_texts(self, name: str) -> list[str]:
        """The non-empty texts (whitespace collapsed) of :meth:`rule_results`."""
        texts = (collapse(_text(r)) for r in self.rule_results(name))
        return [t for t in texts if t]

    @once
    def listed_titles(self) -> list[tuple[str, bool]]:
        """Titles as the listings print them: (text without a trailing ``…``/``...``, whether
        it was cut), each once."""
        titles = []
        for item in self.evidence:
            text = collapse(item.title or "")
            cut = text.endswith(("…", "...", "⋯"))
            text = text.rstrip("…⋯.").strip() if cut else text
            if text:
                titles.append((text, cut))
        return list(dict.fromkeys(titles))

    @once
    def listed_dates(self) -> list[str]:
        """ISO days (``YYYY-MM-DD``) the listings print beside the article, not after the fetch."""
        fetched = self.fetched.date().isoformat()
        days = [e.published[:10] for e in self.evidence if e.published]
        return list(dict.fromkeys(d for d in days if _ISO_DAY.match(d) and d <= fetched))

    @once
    def listed_columns(self) -> list[str]:
        """Columns the article is listed in, each once."""
        return list(
            dict.fromkeys(c for c in (collapse(e.column or "") for e in self.evidence) if c)
        )

    @once
    def breadcrumbs(self) -> list[str]:
        """Texts of the elements printing a breadcrumb (:func:`around.breadcrumb_texts`: it walks
        the whole page, so read only where a field needs it, and once)."""
        return breadcrumb_texts(self.sel)

    def in_teaser(self, element: Any) -> bool:
        """True for an element of a teaser card or related-story box, not of this article."""
        return in_teaser(element, (self.headline.node, self.region.value))

    # -- shared steps ----------------------------------------------------------------------------
    @once
    def headline(self) -> Found:
        """The headline's text, step and element (:func:`fields.title.locate`)."""
        from newscrawler.extraction.fields import title

        return title.locate(self)

    @once
    def region(self) -> Found:
        """The element holding the article text; ``node`` is the set of elements to skip in it
        (:func:`fields.body.locate`)."""
        from newscrawler.extraction.fields import body

        return body.locate(self)

    @once
    def meta_lines(self) -> list[MetaLine]:
        """Metadata lines printed between the headline and the body and right after the body.

        The ``meta`` selector's visible elements where it matches, else the text between the
        headline element and the body; and, where the selector gives none after the body, the
        short blocks right after it. Read one line per block element whatever the tags; a line
        that is only a label (``By``) is joined to the next.
        """
        body_root = self.region.value
        learned = [] if "meta" in self.profile.overrides else self._learned_lines()
        if learned:
            lines = learned
            if body_root is not None:
                lines.extend(MetaLine(t, "after", split_fields(t)) for t in lines_after(body_root))
            return [line for line in lines if not self.is_furniture(line.text)]
        lines = []
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
                lines.append(MetaLine(text, "after" if later else "before", split_fields(text)))
        if body_root is None:
            return lines
        if not chosen and self.headline.node is not None:
            lines.extend(
                MetaLine(t, "before", split_fields(t))
                for t in lines_between(self.headline.node, body_root)
            )
        if not any(line.where == "after" for line in lines):
            lines.extend(MetaLine(t, "after", split_fields(t)) for t in lines_after(body_root))
        lines.sort(key=lambda line: line.where == "after")
        return [line for line in lines if not self.is_furniture(line.text)]

    def _learned_lines(self) -> list[MetaLine]:
        """The lines the template's ``meta_line`` and ``credits`` rules locate (first match of
        each), read as metadata lines printed under the headline."""
        lines: list[MetaLine] = []
        for name in ("meta_line", "credits"):
            for result in self.rule_results(name)[:1]:
                texts = [collapse(result)] if isinstance(result, str) else block_lines(result)
                lines.extend(MetaLine(t, "before", split_fields(t), True) for t in texts if t)
        return lines

    @once
    def content(self) -> BodyParts:
        """The article region read into paragraphs, captions, images, credits and metadata."""
        root = self.region.value
        if root is None:
            return BodyParts([], [], [], [], [], [], None)
        body = read_body(root, self.url, self.region.node)
        body.images.extend(u for u in images_after(root, self.url) if u not in body.images)
        title = self.headline.value
        del body.blocks[: _header_lines(body.blocks, title)]
        # A hero/featured image field and a standfirst field printed between headline and body.
        lead = lead_parts(self.headline.node, root, self.url)
        body.images[:0] = [u for u in lead.images if u not in body.images]
        body.captions[:0] = lead.captions
        body.credits[:0] = lead.credits
        body.blocks[:0] = [t for t in lead.standfirst if t not in body.blocks and t != title]
        return body

    def furniture_within(self, root: Any) -> frozenset[Any]:
        """Block elements inside ``root`` that the template lists as furniture (none without
        one)."""
        if not self.furniture:
            return frozenset()
        return frozenset(
            el
            for el in root.iterdescendants()
            if isinstance(el.tag, str) and el.tag in BLOCK_TAGS and self.is_furniture(el)
        )

    @once
    def json_ld_articles(self) -> list[dict[str, Any]]:
        """The page's JSON-LD objects that describe an article (read once, used by several
        fields)."""
        return [o for o in generic.json_ld_objects(self.sel) if generic.is_article_object(o)]


#: What stands between a site's name and the headline in a ``<title>``: ``Site » Headline``.
_TITLE_JOINT = re.compile(r"[\s|｜»«:：_·–—-]+")


#: How far into the text a headline printed again is looked for, and the longest line (display
#: width) that may stand above it there: a kicker or section name, not a paragraph.
_HEADER_DEPTH, _KICKER_WIDTH = 4, 40


def _header_lines(blocks: list[str], title: str | None) -> int:
    """How many of the text's first blocks are the page's header printed again inside the text
    container: the headline, with the short lines above it (a kicker, the section name:
    ``immunology``), and date lines before or after it (see :func:`_is_header_line`)."""
    count = 0
    for i, block in enumerate(blocks[:_HEADER_DEPTH]):
        if _is_header_line(block, title) and not is_date_line(collapse(block)):
            count = i + 1  # the headline
            break
        if display_length(block) > _KICKER_WIDTH:
            break
    while count < len(blocks) and _is_header_line(blocks[count], title):
        count += 1
    return count


def _is_header_line(block: str, title: str | None) -> bool:
    """A line of the page's header printed again at the top of the text: the headline (whole, or
    the headline part of a title that also names the site, ``站名 » 标题``) or a line that is
    only a date (``Saturday, September 10th, 2005 10:56 am``)."""
    text = collapse(block)
    if is_date_line(text):
        return True
    if not title or not text:
        return False
    if text == title:
        return True
    if len(text) < 4 or len(text) > len(title):
        return False
    if title.endswith(text):
        return bool(_TITLE_JOINT.fullmatch(title[: -len(text)][-1:]))
    if title.startswith(text):
        return bool(_TITLE_JOINT.fullmatch(title[len(text) :][:1]))
    return False


def _text(result: Any) -> str:
    """The text of an XPath result: an element's text content, a string itself."""
    return str(result) if isinstance(result, str) else result.text_content()


def _rule_xpath(path: str) -> etree.XPath | None:
    """``path`` compiled once (None when it is not valid XPath 1.0)."""
    try:
        return _RULE_XPATHS[path]
    except KeyError:
        pass
    try:
        compiled: etree.XPath | None = etree.XPath(path)
    except etree.XPathSyntaxError:
        compiled = None
    _RULE_XPATHS[path] = compiled  # two threads racing compile the same path twice, no harm
    return compiled
