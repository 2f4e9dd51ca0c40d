"""Learning a portal's template from its own detail pages (issue 17). Pure: no I/O.

:func:`learn_template` reads a handful or more of one portal's detail pages (with the listing
evidence of each where the crawl has it) and writes down what they share, as a
:class:`~newscrawler.extraction.template.SiteTemplate`:

- **furniture**: every text block (an element of ``<body>`` with at most :data:`MAX_BLOCK`
  characters of text) whose text appears on at least :data:`FURNITURE_SHARE` of the pages: banners,
  site and column headings, navigation, footers, share bars, related-news boxes. The texts of links
  to other articles (a "latest news" box lists the very articles the crawl will meet), the
  topics the generic chain finds on a page (most articles may share a category) and the values
  the learned title and topics rules give are never furniture.
- **where each field sits**: for each field, XPath rules are proposed from the elements that hold
  the field's value on some page (``//*[@id='…']``, ``//tag[@class='…']``, a tag path at most two
  steps below the nearest ancestor with a stable id or class, a heading's bare tag; for a credit
  or view-count line also ``…[contains(., 'label')]``; never a positional chain), and each is
  tried on every page (the first match's text; for ``captions`` and ``topics`` every match's).
  A page's value is judged against the listing evidence where it has some, else against what
  the generic chain finds on that page alone (:func:`extract_article`, no template):

  ``title`` equals the listed title (or starts with it where the listing cut it), else equals the
  generic title or the page's ``<title>`` without the parts every page repeats (the site name) —
  or, where neither names a headline (a ``<title>`` that is only the site's name), the page's
  first short line of its own (no link, date or label) before its date line — and is never
  furniture; ``published`` is a line whose date is the listed (else the generic)
  day; ``meta_line`` a line with two labels (发布时间, 作者, 浏览, Posted by …) or a label and a
  date; ``body`` a container that starts with the generic body and is at most about twice as
  long; ``captions``, ``credits`` and ``views`` hold what the generic chain found; ``topics`` are
  at most three elements whose texts are the listed column, or all the generic topics (a rule
  giving only some of them — the category over the headline, not the tags after the body —
  would lose the others).

  ``agreement`` is the share of the pages where the rule's value is right, among the pages where
  the rule gives a value or some element holds the field's value. The rule agreeing most wins
  (then the one giving the shortest text, then id over class over path); a field is left out
  when its best rule agrees on fewer than :data:`MIN_AGREEMENT` of those pages or on fewer than
  two. Headline and body rules must also give a different text on at least :data:`MIN_VARIETY`
  of the pages: a text that repeats is not an article's.

Pages are sorted by URL first, so the template never depends on the order of crawling.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector

from newscrawler.extraction import extract_article
from newscrawler.extraction.dates import parse_date
from newscrawler.extraction.evidence import ListingEvidence
from newscrawler.extraction.template import FieldRule, SiteTemplate, block_fingerprint
from newscrawler.extraction.text import collapse
from newscrawler.extraction.urls import absolute, canonicalize
from newscrawler.extraction.vocabulary import META_LINE_WORDS
from newscrawler.profiles import SiteProfile, load_preset

#: Share of the pages a block's text must appear on to be furniture.
FURNITURE_SHARE = 0.6
#: Least share of the pages a field's rule must agree on to be kept.
MIN_AGREEMENT = 0.6
#: Least share of distinct values a headline or body rule gives over the pages it matches.
MIN_VARIETY = 0.8
#: Longest text (characters) of a block considered for furniture.
MAX_BLOCK = 1000
#: Longest text of a headline, a date line or a metadata line.
MAX_LINE = 300
#: Attributes that tell apart the blocks of a layout with no ids or classes (tables, ``<font>``).
PRESENTATIONAL = ("style", "align", "valign", "height", "width", "color", "size", "face")
#: Example values kept per rule, and their length.
EXAMPLES, EXAMPLE_CHARS = 3, 80

_CUT = re.compile(r"(…+|\.{3,})$")
_DROP = ("script", "style", "noscript", "template", "iframe", "select", "option")
#: Title parts separated like ``Headline - Site | University``.
_TITLE_SEP = re.compile(r"\s*(?:\||｜|-{1,2}|_|—{1,2}|–|::|·)\s*")


@dataclass(frozen=True)
class LearningPage:
    """One captured detail page to learn from: its ``url``, decoded ``html`` and what listing
    rows, sitemaps or feeds said of it (``evidence``, possibly empty)."""

    url: str
    html: str
    evidence: tuple[ListingEvidence, ...] = ()


@lru_cache(maxsize=65536)
def _squeeze(text: str) -> str:
    return "".join(text.split()).lower()


@dataclass
class _Page:
    """A page parsed once: tree, texts of elements, the generic chain's guesses, its evidence."""

    url: str
    root: Any
    item: dict[str, Any]
    listed_title: str | None
    listed_date: str | None
    listed_column: str | None
    texts: dict[Any, str] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)

    def text(self, el: Any) -> str:
        found = self.texts.get(el)
        if found is None:
            found = self.texts[el] = collapse(el.text_content())
        return found

    def elements(self) -> list[Any]:
        """The elements of ``<body>`` (of the page, when it has none), in document order."""
        if "elements" not in self.memo:
            body = self.root.find(".//body")
            top = body if body is not None else self.root
            self.memo["elements"] = [el for el in top.iter() if isinstance(el.tag, str)]
        return self.memo["elements"]


def _drop(el: Any) -> None:
    """Remove an element from its tree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        before = el.getprevious()
        if before is not None:
            before.tail = (before.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _parse(page: LearningPage, profile: SiteProfile) -> _Page | None:
    try:
        item = dict(extract_article(page.url, page.html, profile).item)
        root = Selector(text=page.html.lstrip("\ufeff") or "<html></html>").root
    except (ValueError, etree.LxmlError):
        return None
    if root is None:
        return None
    for el in root.xpath("//" + " | //".join(_DROP) + " | //comment()"):
        _drop(el)
    listed = [e for e in page.evidence if e.title]
    dated = [e for e in page.evidence if e.published]
    columns = [e for e in page.evidence if e.column]
    return _Page(
        url=page.url,
        root=root,
        item=item,
        listed_title=listed[0].title if listed else None,
        listed_date=(dated[0].published or "")[:10] if dated else None,
        listed_column=columns[0].column if columns else None,
    )


def _url_shape(url: str) -> str:
    """A URL's path with every run of digits and lower-case hex letters replaced by ``*``, so the
    article URLs of one portal share a shape: ``/info/1023/1077.htm`` -> ``/in*o/*/*.htm``,
    ``/fc/a6/c24258a392358/page.html`` and ``/04/97/c24258a328855/page.html`` alike."""
    return re.sub(r"[0-9a-f]+", "*", urlsplit(url).path)


def _article_link_texts(page: _Page, shapes: set[str], urls: set[str]) -> set[str]:
    """Fingerprints of the texts of links to articles (a URL of a page learned from, or of the
    same shape) and of the elements beside each in its row: a "latest news" box repeats on every
    page but names articles, and a category printed on its rows is a topic, not furniture."""
    found: set[str] = set()
    for a in page.root.iter("a"):
        href = absolute(page.url, a.get("href"))
        if not href:
            continue
        href = canonicalize(href)
        if href in urls or _url_shape(href) in shapes:
            # the link, and what its row prints beside it (the story's category, its date)
            row = a.getparent()
            beside = (
                [page.text(el) for el in row if isinstance(el.tag, str)] if row is not None else []
            )
            for text in (page.text(a), collapse(a.get("title") or ""), *beside):
                if text:
                    found.add(block_fingerprint(text))
    return found


def _furniture_counts(pages: list[_Page]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for page in pages:
        seen = {
            block_fingerprint(text)
            for el in page.elements()
            if 0 < len(text := page.text(el)) <= MAX_BLOCK
        }
        counts.update(seen)
    return counts


def _quote(value: str) -> str | None:
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    return None


def _stable(name: str) -> bool:
    """An id or class that names a role, not one page's object (no long number in it)."""
    return 0 < len(name) <= 60 and not re.search(r"\d{4,}", name)


def _own_path(el: Any) -> tuple[int, str] | None:
    """``//*[@id='…']`` (rank 0) or ``//tag[@class='…']`` (rank 1) for an element, if stable;
    else, for a table-and-font layout that names nothing, ``//tag[@style='…'][@align='…']``
    from its presentational attributes (rank 2)."""
    ident = (el.get("id") or "").strip()
    if ident and _stable(ident) and (q := _quote(ident)):
        return 0, f"//*[@id={q}]"
    cls = el.get("class") or ""
    if cls.strip() and _stable(cls) and (q := _quote(cls)):
        return 1, f"//{el.tag}[@class={q}]"
    tests = [
        f"[@{name}={q}]"
        for name in PRESENTATIONAL
        if (value := el.get(name)) and _stable(value) and (q := _quote(value))
    ]
    if tests:
        return 2, f"//{el.tag}{''.join(tests)}"
    return None


def _paths(el: Any) -> list[tuple[int, str]]:
    """Candidate rules for an element: its own id/class, a tag path below the nearest ancestor
    with one (rank 2), and for a heading its bare tag (rank 3)."""
    out: list[tuple[int, str]] = []
    own = _own_path(el)
    if own:
        out.append(own)
    chain = [el.tag]
    parent = el.getparent()
    for _ in range(2):
        if parent is None or parent.tag in ("body", "html"):
            break
        anchor = _own_path(parent)
        if anchor:
            out.append((max(2, anchor[0]), anchor[1] + "/" + "/".join(reversed(chain))))
            break
        chain.append(parent.tag)
        parent = parent.getparent()
    if el.tag in ("h1", "h2", "h3"):
        out.append((3, f"//{el.tag}"))
    return out


@dataclass
class _Field:
    """How one field is judged: ``seed`` (is this element's text the page's value?), ``judge``
    (is the rule's value on this page right?), whether a rule takes all its matches (``many``),
    whether values must differ page to page (``varies``), and for a labelled line the label in
    a seed's text (``labelled``: rules ``…[contains(., 'label')]`` are tried too)."""

    name: str
    seed: Callable[[_Page, Any, str], bool]
    judge: Callable[[_Page, list[str]], bool]
    many: bool = False
    varies: bool = False
    labelled: Callable[[_Page, str], str | None] | None = None


def _values(page: _Page, path: str, many: bool) -> list[str]:
    try:
        found = [el for el in page.root.xpath(path) if isinstance(getattr(el, "tag", None), str)]
    except etree.XPathError:
        return []
    texts = [page.text(el) for el in (found if many else found[:1])]
    return [t for t in texts if t]


def matches_listed_title(listed: str, text: str) -> bool:
    """A headline matches the listed title: equal (whitespace and case aside), or starts with it
    when the listing cut it (``…``) or printed most of it."""
    cut = bool(_CUT.search(listed))
    want, have = _squeeze(_CUT.sub("", listed)), _squeeze(text)
    if not want or not have:
        return False
    if want == have:
        return True
    return have.startswith(want) and (cut or len(want) >= 0.6 * len(have))


def _day(value: Any) -> str | None:
    return str(value)[:10] if value else None


class _Learner:
    def __init__(self, pages: list[_Page]) -> None:
        self.pages = pages
        counts = _furniture_counts(pages)
        need = max(2, math.ceil(FURNITURE_SHARE * len(pages)))
        self.furniture = {fp for fp, n in counts.items() if n >= need}
        urls = {p.url for p in pages}
        shapes = {_url_shape(u) for u in urls}
        for page in pages:
            self.furniture -= _article_link_texts(page, shapes, urls)
            # A category most articles are filed under repeats, but is each one's topic.
            self.furniture -= {block_fingerprint(t) for t in page.item.get("topics") or [] if t}
        self.title_parts = self._repeated_title_parts(need)

    def _repeated_title_parts(self, need: int) -> set[str]:
        counts: Counter[str] = Counter()
        for page in self.pages:
            counts.update({_squeeze(p) for p in _TITLE_SEP.split(self._doc_title(page)) if p})
        return {part for part, n in counts.items() if n >= need}

    @staticmethod
    def _doc_title(page: _Page) -> str:
        return collapse(" ".join(page.root.xpath("//head/title//text()")))

    def is_furniture(self, text: str) -> bool:
        return block_fingerprint(text) in self.furniture

    # --- judges -------------------------------------------------------------------------------

    def title_ok(self, page: _Page, text: str) -> bool:
        if not text or len(text) > MAX_LINE:
            return False
        if page.listed_title:
            ok = matches_listed_title(page.listed_title, text)
        else:
            have = _squeeze(text)
            if "rest" not in page.memo:
                own = [
                    p
                    for p in _TITLE_SEP.split(self._doc_title(page))
                    if _squeeze(p) not in self.title_parts
                ]
                page.memo["rest"] = _squeeze(" ".join(own))
            rest = page.memo["rest"]
            generic = page.item.get("title") or ""
            # the generic title is no headline where it is the site's name (every page's <title>)
            named = bool(generic) and not self.is_furniture(generic)
            named = named and _squeeze(generic) not in self.title_parts
            ok = (named and _squeeze(generic) == have) or (
                len(have) >= 4
                and len(rest) >= 4
                and (rest.startswith(have) or have.startswith(rest))
            )
            if not ok and not named and len(rest) < 4:
                ok = text == self.first_line(page)
        return ok and not self.is_furniture(text)

    def first_line(self, page: _Page) -> str | None:
        """The page's first line that could be a headline, where neither the generic chain nor
        ``<title>`` names one: the first short text of its own (not a link, not furniture, no
        date, no label) before the line holding the page's date, else before the body."""
        if "first_line" in page.memo:
            return page.memo["first_line"]
        target = self.date_target(page)
        body = _squeeze(page.item.get("body") or "")[:20]
        found = None
        for el in page.elements():
            text = page.text(el)
            if not text:
                continue
            if (target and self.date_ok(page, text) and len(text) <= MAX_LINE // 2) or (
                body and _squeeze(text).startswith(body)
            ):
                break
            if found is None and self._could_be_headline(el, text):
                found = text
        else:
            found = None  # no date line or body to stand before
        page.memo["first_line"] = found
        return found

    def _could_be_headline(self, el: Any, text: str) -> bool:
        own = (el.text or "").strip() or any((c.tail or "").strip() for c in el)
        return bool(
            own
            and 4 <= len(text) <= 120
            and el.tag != "a"
            and not any(a.tag == "a" for a in el.iterancestors())
            and not el.xpath(".//a")
            and not self.is_furniture(text)
            and parse_date(text) is None
            and not META_LINE_WORDS.search(text)
        )

    def date_target(self, page: _Page) -> str | None:
        return page.listed_date or _day(page.item.get("published"))

    def date_ok(self, page: _Page, text: str) -> bool:
        target = self.date_target(page)
        if not target or len(text) > MAX_LINE or not any(ch.isdigit() for ch in text):
            return False
        return _day(parse_date(text)) == target

    @staticmethod
    def meta_ok(page: _Page, text: str) -> bool:
        if not text or len(text) > MAX_LINE:
            return False
        labels = len(META_LINE_WORDS.findall(text))
        return labels >= 2 or (labels == 1 and parse_date(text) is not None)

    @staticmethod
    def line_label(page: _Page, text: str) -> str | None:
        """The first label of a date or metadata line (``发布时间``), which tells it apart from
        its siblings where the markup does not."""
        found = META_LINE_WORDS.search(text) if len(text) <= MAX_LINE else None
        return found.group(0).strip() or None if found else None

    @staticmethod
    def body_ok(page: _Page, text: str) -> bool:
        body = _squeeze(page.item.get("body") or "")
        have = _squeeze(text)
        if len(body) < 20 or not have:
            return False
        return body[:20] in have and 0.8 * len(body) <= len(have) <= 2 * len(body) + 300

    @staticmethod
    def caption_texts(page: _Page) -> set[str]:
        if "captions" not in page.memo:
            captions = page.item.get("captions") or []
            page.memo["captions"] = {_squeeze(c.get("text") or "") for c in captions} - {""}
        return page.memo["captions"]

    @staticmethod
    def credit_label(page: _Page, text: str) -> str | None:
        if len(text) > MAX_LINE:
            return None
        have = _squeeze(text)
        for credit in page.item.get("credits") or []:
            name, label = _squeeze(credit.get("name") or ""), credit.get("label") or ""
            if name and name in have and _squeeze(label) in have:
                return label or None
        return None

    @staticmethod
    def views_label(page: _Page, text: str) -> str | None:
        views = page.item.get("views")
        if views is None or len(text) > 100 or str(views) not in re.findall(r"\d+", text):
            return None
        found = META_LINE_WORDS.search(text)
        return found.group(0) if found else None

    @staticmethod
    def topic_targets(page: _Page) -> set[str]:
        """Every topic the page could show: the listed column and the generic topics."""
        if "topics" not in page.memo:
            listed = [page.listed_column] if page.listed_column else []
            topics = [*listed, *(page.item.get("topics") or [])]
            page.memo["topics"] = {_squeeze(t) for t in topics} - {""}
        return page.memo["topics"]

    @staticmethod
    def topics_ok(page: _Page, values: list[str]) -> bool:
        """A rule's topics are the listed column, or exactly the generic chain's topics."""
        have = {_squeeze(t) for t in values}
        if not 0 < len(values) <= 3:
            return False
        listed = {_squeeze(page.listed_column)} if page.listed_column else set()
        generic = {_squeeze(t) for t in page.item.get("topics") or []} - {""}
        return have in (listed, generic)

    def fields(self) -> list[_Field]:
        return [
            _Field(
                "title",
                seed=lambda p, el, t: self.title_ok(p, t),
                judge=lambda p, v: bool(v) and self.title_ok(p, v[0]),
                varies=True,
            ),
            _Field(
                "published",
                seed=lambda p, el, t: self.date_ok(p, t),
                judge=lambda p, v: bool(v) and self.date_ok(p, v[0]),
                labelled=self.line_label,
            ),
            _Field(
                "meta_line",
                seed=lambda p, el, t: self.meta_ok(p, t),
                judge=lambda p, v: bool(v) and self.meta_ok(p, v[0]),
                labelled=self.line_label,
            ),
            _Field(
                "body",
                seed=lambda p, el, t: self.body_ok(p, t),
                judge=lambda p, v: bool(v) and self.body_ok(p, v[0]),
                varies=True,
            ),
            _Field(
                "captions",
                seed=lambda p, el, t: _squeeze(t) in self.caption_texts(p),
                judge=lambda p, v: bool(self.caption_texts(p) & {_squeeze(t) for t in v}),
                many=True,
            ),
            _Field(
                "credits",
                seed=lambda p, el, t: self.credit_label(p, t) is not None,
                judge=lambda p, v: bool(v) and self.credit_label(p, v[0]) is not None,
                labelled=self.credit_label,
            ),
            _Field(
                "views",
                seed=lambda p, el, t: self.views_label(p, t) is not None,
                judge=lambda p, v: bool(v) and self.views_label(p, v[0]) is not None,
                labelled=self.views_label,
            ),
            _Field(
                "topics",
                seed=lambda p, el, t: 0 < len(t) <= 30 and _squeeze(t) in self.topic_targets(p),
                judge=self.topics_ok,
                many=True,
            ),
        ]

    # --- rules ----------------------------------------------------------------------------------

    def candidates(self, spec: _Field) -> tuple[dict[str, int], set[str]]:
        """Rules proposed by the elements that hold the field's value (path -> rank), and the
        URLs of the pages where some element holds it."""
        paths: dict[str, int] = {}
        found: set[str] = set()
        for page in self.pages:
            for el in page.elements():
                text = page.text(el)
                if not text or not spec.seed(page, el, text):
                    continue
                found.add(page.url)
                for rank, path in _paths(el):
                    paths[path] = min(rank, paths.get(path, rank))
                    label = spec.labelled(page, text) if spec.labelled else None
                    if label and (q := _quote(label)) and rank >= 2:
                        labelled = f"{path}[contains(., {q})]"
                        paths[labelled] = min(rank, paths.get(labelled, rank))
        return paths, found

    def rule(self, spec: _Field) -> FieldRule | None:
        paths, found = self.candidates(spec)
        best: tuple[Any, ...] | None = None
        for path, rank in paths.items():
            values = [_values(page, path, spec.many) for page in self.pages]
            agree = [spec.judge(page, v) for page, v in zip(self.pages, values, strict=True)]
            counted = sum(
                1 for page, v in zip(self.pages, values, strict=True) if v or page.url in found
            )
            hits = sum(agree)
            if hits < 2 or not counted or hits / counted < MIN_AGREEMENT:
                continue
            given = [" / ".join(v) for v in values if v]
            if spec.varies and len(set(given)) < MIN_VARIETY * len(given):
                continue
            length = sum(len(g) for g in given) / len(given)
            key = (-round(hits / counted, 6), round(length), rank, path)
            if best is None or key < best[0]:
                shown = (" / ".join(v) for v, ok in zip(values, agree, strict=True) if ok and v)
                examples = [_example(t) for t in dict.fromkeys(shown)][:EXAMPLES]
                best = (key, FieldRule(path, round(hits / counted, 3), examples), values)
        if best is None:
            return None
        if spec.name in ("title", "topics"):  # a field's own values are never furniture
            self.furniture -= {block_fingerprint(t) for v in best[2] for t in v}
        return best[1]


def _example(text: str) -> str:
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"


def learn_template(
    site: str,
    pages: Sequence[LearningPage],
    *,
    version: int = 1,
    profile: SiteProfile | None = None,
) -> SiteTemplate:
    """Learn a portal's template from its detail ``pages`` (see the module's docstring).

    ``site``: the site id the template is for; ``version``: the number it gets; ``profile``: how
    the generic chain reads each page alone (default: the ``auto`` preset). Pages are sorted by
    URL (a URL given twice counts once: the page whose HTML sorts first), so the result does not
    depend on their order. Returns a :class:`SiteTemplate` whose ``learned_from`` lists the URLs
    of the pages read. Raises :class:`ValueError` when fewer than two distinct pages are given or
    could be parsed.
    """
    unique: dict[str, LearningPage] = {}
    for page in sorted(pages, key=lambda p: (p.url, p.html)):
        if page.url in unique:
            kept = unique[page.url]
            merged = tuple(sorted(set(kept.evidence) | set(page.evidence), key=repr))
            unique[page.url] = LearningPage(kept.url, kept.html, merged)
        else:
            unique[page.url] = LearningPage(
                page.url, page.html, tuple(sorted(page.evidence, key=repr))
            )
    if len(unique) < 2:
        raise ValueError(f"learning a template needs at least 2 pages, got {len(unique)}")
    chain = profile or load_preset("auto")
    parsed = [p for p in (_parse(page, chain) for page in unique.values()) if p is not None]
    if len(parsed) < 2:
        raise ValueError(f"learning a template needs at least 2 readable pages, got {len(parsed)}")
    learner = _Learner(parsed)
    fields: dict[str, FieldRule] = {}
    for spec in learner.fields():
        rule = learner.rule(spec)
        if rule is not None:
            fields[spec.name] = rule
    return SiteTemplate(
        site=site,
        version=version,
        learned_from=sorted(p.url for p in parsed),
        fields=fields,
        furniture=sorted(learner.furniture),
    )
