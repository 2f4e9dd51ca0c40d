"""Learned templates outside extraction: reading them from the archive, finding the learner, and
learning one during a crawl.

Extraction stays pure (:mod:`newscrawler.extraction`): this module is what the crawl, ``reextract``
and ``newscrawler template`` share to get a :class:`SiteTemplate` into its hands.

In-crawl learning (:class:`TemplateLearning`): a site with no stored template holds its first
:data:`MIN_PAGES` captured detail pages unextracted; once they are there the template is
learned from them, sorted by URL, and every held page and every later one is extracted with it
(a crawl that goes idle with fewer extracts them without one). A redesign is noticed when a field's rule finds its element on
far fewer of the crawl's pages than the template's agreement says (:data:`REDESIGN_RATIO`); the
template is then learned again from the newest pages, as the next version (the old one stays for
old captures).
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from parsel import Selector

from newscrawler.capture.index import CaptureIndex
from newscrawler.capture.warc import read_payload_record, settle_for_reading
from newscrawler.extraction.decoding import decode_html
from newscrawler.extraction.evidence import ListingEvidence
from newscrawler.extraction.template import MIN_PAGES, SiteTemplate
from newscrawler.profiles import ProfileError
from newscrawler.profiles.loader import compile_selector

logger = logging.getLogger(__name__)

#: A field whose rule finds its element on fewer than this share of its agreement, over the
#: crawl's pages extracted with the template, marks a redesign: agreement 0.9 and the rule found
#: on under 45% of the pages.
REDESIGN_RATIO = 0.5
#: Pages extracted with a template before its fields' rates are judged.
REDESIGN_AFTER = 2 * MIN_PAGES
#: Only fields the template trusts (agreement at least this) are watched.
WATCHED_AGREEMENT = 0.5

Learner = Callable[..., SiteTemplate]


def learner() -> tuple[Learner, type]:
    """The learner: :func:`newscrawler.extraction.learning.learn_template`, called as
    ``learn(site, pages, version=N)``, and the ``LearningPage`` class of its ``pages``."""
    from newscrawler.extraction.learning import LearningPage, learn_template

    return learn_template, LearningPage


def stored_template(
    conn: sqlite3.Connection, site: str, version: int | None = None
) -> SiteTemplate | None:
    """Version ``version`` (default: the newest) of ``site``'s template in the archive opened as
    ``conn``; ``None`` when there is none (or the archive predates templates)."""
    query = "select document from site_templates where site = ?"
    params: list[Any] = [site]
    if version is not None:
        query += " and version = ?"
        params.append(version)
    try:
        row = conn.execute(query + " order by version desc limit 1", params).fetchone()
    except sqlite3.OperationalError:  # an archive from before site_templates
        return None
    return SiteTemplate.from_json(row[0]) if row else None


@dataclass
class HeldPage:
    """A captured detail page waiting for extraction: its URL, decoded HTML, listing evidence,
    fetch time, and the item fields taken from the response (``fetched_url``, ``etag``,
    ``last_modified``, the WARC location)."""

    url: str
    html: str
    evidence: tuple[ListingEvidence, ...]
    fetched_at: datetime
    fields: dict[str, Any] = field(default_factory=dict)


class TemplateLearning:
    """The template of one site during one crawl.

    ``template``: the one articles are extracted with now (the archive's newest at the start,
    else ``None`` until learned); ``learned``: the versions learned by this crawl (their
    documents travel with the articles to the archive).
    """

    def __init__(
        self,
        site: str,
        template: SiteTemplate | None,
        learner: tuple[Learner, type] | None,
        min_pages: int = MIN_PAGES,
    ) -> None:
        self.site = site
        self.template = template
        self.learner = learner
        self.min_pages = min_pages
        self.held: list[HeldPage] = []
        self.learned: set[int] = set()
        self.recent: deque[HeldPage] = deque(maxlen=min_pages)
        self.seen = 0
        self.hits: Counter[str] = Counter()
        self.gave_up = False
        #: The template :meth:`document` last made a document of, and the document.
        self._document: tuple[SiteTemplate | None, dict[str, Any] | None] = (None, None)

    @property
    def holding(self) -> bool:
        """True while pages are held back until the template is learned."""
        return self.template is None and self.learner is not None and not self.gave_up

    def hold(self, page: HeldPage) -> list[HeldPage]:
        """Hold ``page``; returns the pages to extract now (all held ones, sorted by URL, once
        :attr:`min_pages` are there and the template was learned from them), else ``[]``."""
        self.held.append(page)
        if len(self.held) < self.min_pages:
            return []
        return self.release()

    def release(self) -> list[HeldPage]:
        """Learn from the held pages when there are :attr:`min_pages`, and give them all back,
        sorted by URL. Called early when the spider goes idle: fewer pages will come, and fewer
        are too few to learn from (on two pages of one template everything repeats, so the text
        itself would pass for furniture); those are extracted without a template."""
        pages, self.held = sorted(self.held, key=lambda p: p.url), []
        if len(pages) >= self.min_pages:
            self._learn(pages, 1)
        if self.template is None:
            self.gave_up = True  # this crawl extracts without one
        return pages

    def _learn(self, pages: Sequence[HeldPage], version: int) -> None:
        assert self.learner is not None
        learn, page_class = self.learner
        try:
            template = learn(
                self.site,
                [page_class(p.url, p.html, p.evidence) for p in sorted(pages, key=lambda p: p.url)],
                version=version,
            )
        except ValueError as exc:
            logger.warning("could not learn a template for %s: %s", self.site, exc)
            return
        logger.info(
            "learned template %s v%d from %d pages: %s",
            self.site,
            template.version,
            len(pages),
            ", ".join(sorted(template.fields)),
        )
        self.template = template
        self.learned.add(template.version)
        self.seen = 0
        self.hits.clear()
        self.recent.clear()

    def document(self) -> dict[str, Any] | None:
        """The current template's document when this crawl learned it (for the archive), else
        ``None`` (it is stored already). Made once per template: every article extracted with it
        carries the same mapping (a template lists hundreds of furniture fingerprints), which
        nothing changes."""
        if self.template is None or self.template.version not in self.learned:
            return None
        made, document = self._document
        if made is not self.template:
            document = self.template.to_dict()
            self._document = (self.template, document)
        return document

    def observe(self, page: HeldPage, hits: frozenset[str]) -> bool:
        """Count ``hits``, the current template's watched fields whose rules found their element
        on ``page`` (extracted with it: :func:`rule_hits`); learn the next version from the
        newest pages when a watched field's rate has fallen below :data:`REDESIGN_RATIO` of its
        agreement. True when it did."""
        template = self.template
        if template is None:
            return False
        watched = _watched(template)
        if not watched:
            return False
        self.recent.append(page)
        self.seen += 1
        self.hits.update(hits)
        if self.seen < REDESIGN_AFTER or self.learner is None:
            return False
        fallen = sorted(
            name
            for name, rule in watched.items()
            if self.hits[name] / self.seen < rule.agreement * REDESIGN_RATIO
        )
        if not fallen:
            return False
        logger.warning(
            "template %s v%d no longer fits (%s found on few of %d pages): learning it again",
            self.site,
            template.version,
            ", ".join(fallen),
            self.seen,
        )
        pages = list(self.recent)
        self.seen, self.recent = 0, deque(maxlen=self.min_pages)
        self.hits.clear()
        self._learn(pages, template.version + 1)
        return self.template is not template


def _watched(template: SiteTemplate) -> dict[str, Any]:
    """The template's rules it trusts (agreement at least :data:`WATCHED_AGREEMENT`)."""
    return {n: r for n, r in template.fields.items() if r.agreement >= WATCHED_AGREEMENT}


def rule_hits(template: SiteTemplate | None, page: str | Selector) -> frozenset[str]:
    """The watched fields of ``template`` whose rule matches an element with text on the page
    (its HTML, or the selector it is parsed into: extraction's, so the page is parsed once;
    none without a template). Pure; run right after extraction."""
    watched = _watched(template) if template is not None else {}
    if not watched:
        return frozenset()
    selector = page if isinstance(page, Selector) else Selector(text=page or "<html></html>")
    return frozenset(name for name, rule in watched.items() if _finds_text(selector, rule.path))


def _finds_text(selector: Selector, path: str) -> bool:
    """True when XPath ``path`` matches something with text on the page (an expression lxml
    rejects matches nothing)."""
    try:
        matches = selector.xpath(path)
    except ValueError:
        return False
    for match in matches:
        root = match.root
        text = "".join(root.itertext()) if hasattr(root, "itertext") else str(root)
        if text.strip():
            return True
    return False


def stored_evidence(
    conn: sqlite3.Connection, url: str, until: str | None = None
) -> tuple[ListingEvidence, ...]:
    """The listing evidence of article ``url`` in the archive opened as ``conn``, in the order
    it was stored; with ``until`` (ISO time: a version's fetch) only what was stored by then."""
    query = (
        "select title, published, column_name, source, listing_url from listing_evidence"
        " where url = ?"
    )
    params: list[Any] = [url]
    if until is not None:
        query += " and first_seen <= ?"
        params.append(until)
    return tuple(
        ListingEvidence(title=t, published=p, column=c, source=s, listing_url=u)
        for t, p, c, s, u in conn.execute(query + " order by rowid", params)
    )


class NotEnoughPages(ValueError):
    """The archive holds fewer readable captured detail pages of a site than a template needs."""


def learn_from_archive(
    conn: sqlite3.Connection,
    warc_dir: str | Path,
    site: str,
    learner: tuple[Learner, type],
    *,
    pages: int = 4 * MIN_PAGES,
) -> SiteTemplate:
    """Learn ``site``'s next template version from its newest ``pages`` captured detail pages
    (the current version of each archived article with a capture in ``warc_dir``; at least
    :data:`MIN_PAGES` must be readable) and their stored listing evidence.

    Raises :class:`NotEnoughPages` (naming how many were found and what was unreadable) and
    ``ValueError`` from the learner."""
    settle_for_reading(warc_dir)
    index = CaptureIndex.load(warc_dir)
    rows = conn.execute(
        "select v.url, v.warc_file, v.warc_offset from article_versions v"
        " join articles a on a.url = v.url and a.version = v.version"
        " where a.site = ? and v.warc_file is not null order by v.fetched_at desc, v.url limit ?",
        [site, pages],
    ).fetchall()
    learn, page_class = learner
    found, problems = [], []
    for url, warc_file, warc_offset in rows:
        try:
            record = read_payload_record(warc_dir, warc_file, warc_offset, index)
            content_type = next(
                (v for k, v in record.http_headers if k.lower() == "content-type"), None
            )
            html = decode_html(record.payload, content_type)
        except (OSError, ValueError) as exc:
            problems.append(f"{url}: {exc}")
            continue
        found.append(page_class(url, html, stored_evidence(conn, url)))
    if len(found) < MIN_PAGES:
        unreadable = f" ({len(problems)} unreadable: {'; '.join(problems[:3])})" if problems else ""
        raise NotEnoughPages(
            f"{site}: {len(found)} captured detail pages in the archive{unreadable};"
            f" a template needs at least {MIN_PAGES}"
        )
    newest = stored_template(conn, site)
    version = newest.version + 1 if newest is not None else 1
    return learn(site, sorted(found, key=lambda p: p.url), version=version)


#: Template field -> the profile selector key it becomes (``meta_line`` and ``credits`` are both
#: metadata lines a profile reads with ``meta``; captions have no profile key).
PROFILE_KEYS = {
    "title": "title",
    "body": "body",
    "published": "published",
    "topics": "topics",
    "views": "views",
    "meta_line": "meta",
    "credits": "meta",
}


def profile_selectors(template: SiteTemplate) -> dict[str, list[str]]:
    """The template's rules as profile selectors (key -> XPaths, in field order), each one the
    profile loader accepts; rules it would reject are left out."""
    selectors: dict[str, list[str]] = {}
    for name in sorted(
        template.fields,
        key=lambda n: list(PROFILE_KEYS).index(n) if n in PROFILE_KEYS else len(PROFILE_KEYS),
    ):
        key = PROFILE_KEYS.get(name)
        path = template.fields[name].path.strip()
        if key is None or not path.startswith(("/", "./", "(")):
            continue
        try:
            compile_selector(path, f"selectors.{key}")
        except ProfileError:
            continue
        if path not in selectors.setdefault(key, []):
            selectors[key].append(path)
    return selectors


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string


def profile_toml(template: SiteTemplate, data: dict[str, Any], *, note: str = "") -> str:
    """A profile file: ``data`` (the site's profile as read from TOML, or the keys a new one
    needs: ``cms``, ``start_urls``) with the template's rules as ``[selectors]`` where the
    profile sets none of its own (a person's selector is kept), each learned rule commented with
    its agreement. ``note`` goes in the header comment."""
    lines = [
        f"# Site profile of {template.site}: selectors learned from {len(template.learned_from)}"
        f" captured pages (template v{template.version}). Edit freely: a profile selector wins"
        " over the learned template.",
    ]
    if note:
        lines.append(f"# {note}")
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    for key, value in data.items():
        if key not in tables:
            lines.append(f"{key} = {_toml_value(value)}")
    own = dict(tables.pop("selectors", {}))
    learned = profile_selectors(template)
    lines += ["", "[selectors]"]
    for key, value in own.items():
        lines.append(f"{key} = {_toml_value(value)}")
    agreement = {
        PROFILE_KEYS[n]: r.agreement for n, r in template.fields.items() if n in PROFILE_KEYS
    }
    for key, paths in learned.items():
        if key in own:
            continue
        lines.append(f"# learned: found on {agreement[key]:.0%} of the pages")
        lines.append(f"{key} = {_toml_value(paths)}")
    for table, values in tables.items():
        lines += ["", f"[{table}]"]
        lines += [
            f"{k if _BARE_KEY.match(k) else _toml_value(k)} = {_toml_value(v)}"
            for k, v in values.items()
        ]
    return "\n".join(lines) + "\n"
