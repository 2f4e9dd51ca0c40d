"""Adding a portal from its university's home page (``newscrawler add URL``): find the news
columns, tell each one's CMS family, read a few of its articles, and write a site profile.

The survey fetches a handful of pages with :class:`PoliteFetcher` (robots.txt obeyed, a delay
between requests to a host, the project's User-Agent); everything else is pure and reuses the
crawl's own extraction (:func:`~newscrawler.extraction.extract_listing`,
:func:`~newscrawler.extraction.extract_article`, :func:`~newscrawler.extraction.detect.detect_family`).

Where columns are found: links on the page (and on the site's root page when the URL given is
another page of the site) whose text names news — 新闻, 要闻, 动态, 通知公告, 学院新闻, News,
Events, Announcements… — on the same site (any subdomain), plus the page itself. A candidate is
a column when it reads as a listing with at least :data:`MIN_ARTICLES` article links.
"""

from __future__ import annotations

import json
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from protego import Protego

from newscrawler import user_agent
from newscrawler.crawl.discovery import announced_feeds
from newscrawler.crawl.settings import NEWSCRAWLER_CONTACT
from newscrawler.extraction import (
    UndecodableError,
    decode_html,
    extract_article,
    extract_listing,
    is_detail_url,
)
from newscrawler.extraction.detect import detect_family
from newscrawler.extraction.evidence import ListingEvidence
from newscrawler.extraction.urls import canonicalize, same_site
from newscrawler.profiles import FAMILIES, SiteProfile, load_preset, profile_for_url, url_site_id

#: Link texts that name a news column (Chinese and English university sites).
NEWS_WORDS = re.compile(
    r"新闻|要闻|动态|通知|公告|资讯|快讯|头条|媒体|聚焦|\bnews\b|\bevents?\b|announcements?|"
    r"notices?|\bpress\b|stories|headlines",
    re.IGNORECASE,
)
#: Longest link text taken for a column name (longer ones are headlines), in characters.
MAX_NAME = 20
#: Article links a page must list to count as a news column.
MIN_ARTICLES = 3
USER_AGENT = user_agent(NEWSCRAWLER_CONTACT)


class FetchError(Exception):
    """A page that could not be fetched: the message says why (robots.txt, HTTP status, DNS…)."""


@dataclass
class Page:
    url: str  # after redirects
    html: str


class PoliteFetcher:
    """Fetches pages one at a time: robots.txt obeyed (read once per origin), ``delay`` seconds
    between two requests to one host, ``timeout`` seconds per request. ``fetched`` counts the
    requests made (robots.txt included)."""

    def __init__(
        self, delay: float = 1.0, timeout: float = 30.0, user_agent: str = USER_AGENT
    ) -> None:
        self.delay = delay
        self.timeout = timeout
        self.user_agent = user_agent
        self.fetched = 0
        self._robots: dict[str, Protego | None] = {}
        self._last: dict[str, float] = {}

    def _get(self, url: str) -> tuple[str, bytes, str | None]:
        host = urlsplit(url).netloc
        wait = self._last.get(host, -1e9) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.fetched += 1
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as reply:
                return reply.geturl(), reply.read(), reply.headers.get("Content-Type")
        except urllib.error.HTTPError as exc:
            raise FetchError(f"HTTP {exc.code} from {url}") from None
        except urllib.error.URLError as exc:
            raise FetchError(_why(url, exc.reason, self.timeout)) from None
        except (TimeoutError, OSError) as exc:
            raise FetchError(_why(url, exc, self.timeout)) from None
        finally:
            self._last[host] = time.monotonic()

    def robots(self, url: str) -> Protego | None:
        """The robots.txt rules of ``url``'s origin (None when it has none)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            try:
                _, body, _ = self._get(origin + "/robots.txt")
                self._robots[origin] = Protego.parse(body.decode("utf-8", "replace"))
            except FetchError:
                self._robots[origin] = None
        return self._robots[origin]

    def page(self, url: str) -> Page:
        """The HTML page at ``url``. Raises :class:`FetchError` (robots.txt forbids it, an HTTP
        error, DNS, refused, timed out, not HTML, undecodable)."""
        rules = self.robots(url)
        if rules is not None and not rules.can_fetch(url, self.user_agent):
            raise FetchError(f"robots.txt forbids {url}")
        final, body, content_type = self._get(url)
        if content_type and "html" not in content_type.lower():
            raise FetchError(f"{url} is not an HTML page ({content_type})")
        try:
            return Page(final, decode_html(body, content_type))
        except UndecodableError as exc:
            raise FetchError(f"{url}: {exc}") from None


def _why(url: str, reason: object, timeout: float) -> str:
    """A failed connection said as a person would: DNS, refused, timed out."""
    if isinstance(reason, socket.gaierror):
        return f"DNS lookup failed for {urlsplit(url).hostname}"
    if isinstance(reason, ConnectionRefusedError):
        return f"connection refused by {urlsplit(url).netloc}"
    if isinstance(reason, TimeoutError):
        return f"timed out after {timeout:g} s fetching {url}"
    return f"cannot fetch {url}: {reason}"


@dataclass
class Column:
    """A news column: its name (the link text), listing URL, CMS family (None: no known family,
    read with the generic chain), the article links its first page lists and what each link's
    row says of its article (``evidence``: title, date, column; the crawl extracts with the same)."""

    name: str
    url: str
    family: str | None
    articles: list[str] = field(default_factory=list)
    next_page: str | None = None
    evidence: dict[str, ListingEvidence] = field(default_factory=dict, repr=False)


@dataclass
class ArticlePreview:
    """What one article of a column extracts to."""

    column: str
    url: str
    title: str | None
    published: str | None
    topics: list[str]
    credits: list[str]
    body_chars: int


@dataclass
class Survey:
    """What ``add`` found from ``start_url``: the site's name and language, its columns, a few
    articles, the feeds (and robots.txt's sitemaps) it announces, and each page that failed
    (why). ``fetched``: requests made, robots.txt included."""

    start_url: str
    name: str
    language: str | None
    columns: list[Column] = field(default_factory=list)
    articles: list[ArticlePreview] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    fetched: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The survey as JSON-ready data (columns without their evidence, which the articles'
        fields show)."""
        data = asdict(self)
        for column in data["columns"]:
            del column["evidence"]
        return data


def column_links(url: str, html: str) -> list[tuple[str, str]]:
    """``(name, absolute URL)`` of the links on a page whose text names a news column, on the
    page's own site, that are no article of a known family, in page order, one per URL."""
    sel = Selector(text=html or "<html></html>")
    presets = [load_preset(f) for f in FAMILIES]
    out: dict[str, str] = {}
    for anchor in sel.xpath("//a[@href]"):
        name = " ".join(" ".join(anchor.xpath(".//text()").getall()).split())
        href = anchor.attrib["href"].strip()
        if not name or len(name) > MAX_NAME or not NEWS_WORDS.search(name):
            continue
        if href.startswith(("#", "javascript:", "mailto:")):
            continue
        target = urljoin(url, href).split("#", 1)[0]
        if urlsplit(target).scheme not in ("http", "https") or not same_site(target, url):
            continue
        if any(is_detail_url(target, p) for p in presets):
            continue
        out.setdefault(target, name)
    return [(name, target) for target, name in out.items()]


def _title(html: str) -> str:
    sel = Selector(text=html or "<html></html>")
    return " ".join((sel.xpath("//title/text()").get() or "").split())


#: What separates a page's own title from the site's name in ``<title>``: ``|``, ``-``, ``_``,
#: dashes and their full-width forms.
_TITLE_PARTS = re.compile(r"\s*[|｜_—–]\s*|\s+-\s+")


def _shared_title_part(title: str, others: list[str]) -> str | None:
    """The part of ``title`` (split at :data:`_TITLE_PARTS`) that another title also has, the
    longest when several; None when none is shared."""
    parts = [p for p in _TITLE_PARTS.split(title) if p]
    shared = {p for other in others for p in _TITLE_PARTS.split(other)} & set(parts)
    return max(shared, key=len) if shared and len(parts) > 1 else None


def _language(html: str) -> str | None:
    lang = Selector(text=html or "<html></html>").xpath("/html/@lang").get()
    if lang:
        return lang.split("-")[0].lower()
    return "zh" if re.search(r"[\u4e00-\u9fff]", html or "") else None


def column_profile(url: str, family: str | None) -> SiteProfile:
    """The profile a column's pages are read with: its family's preset, or ``auto``."""
    return profile_for_url(url, family or "auto")


def read_column(name: str, page: Page) -> Column | None:
    """The page as a news column, when it lists at least :data:`MIN_ARTICLES` articles."""
    family = detect_family(page.html)
    listing = extract_listing(page.url, page.html, column_profile(page.url, family))
    if len(listing.articles) < MIN_ARTICLES:
        return None
    return Column(
        name, page.url, family, listing.articles, listing.next_page, dict(listing.evidence)
    )


def survey(
    start_url: str,
    fetcher: PoliteFetcher,
    *,
    max_columns: int = 8,
    articles_per_column: int = 2,
    progress: Callable[[str], None] | None = None,
) -> Survey:
    """Find the news columns from ``start_url`` (a home page or any page of the site) and read
    ``articles_per_column`` articles of each (at most ``max_columns`` columns).

    Raises :class:`FetchError` when ``start_url`` itself cannot be fetched; a column or article
    page that fails is noted in ``problems`` and skipped."""
    say = progress or (lambda _message: None)
    first = fetcher.page(start_url)
    first_title = _title(first.html)
    result = Survey(start_url, first_title, _language(first.html))
    pages = [first]
    root = urljoin(first.url, "/")
    if first.url != root:
        try:
            home = fetcher.page(root)
        except FetchError as exc:
            result.problems.append(str(exc))
        else:
            pages.append(home)
            # The site is named by its home page, not by the article or column it was added from.
            result.name = _title(home.html) or first_title
    candidates: dict[str, str] = {}
    for page in pages:
        for name, url in column_links(page.url, page.html):
            candidates.setdefault(url, name)
        for feed in announced_feeds(page.html, page.url):
            result.feeds.append(feed)
    rules = fetcher.robots(first.url)
    if rules is not None:
        result.feeds += [urljoin(first.url, u) for u in rules.sitemaps]
    # The page given may be a column itself (named as its link names it, else by its title).
    own = read_column(candidates.get(first.url, first_title or first.url), first)
    seen = {first.url}
    titles: list[str] = []
    for url, name in candidates.items():
        if len(result.columns) >= max_columns:
            break
        if url in seen:
            continue
        say(f"reading column {name} {url}")
        try:
            page = fetcher.page(url)
        except FetchError as exc:
            result.problems.append(str(exc))
            continue
        titles.append(_title(page.html))
        column = read_column(name, page)
        if column is not None and column.url not in seen:
            result.columns.append(column)
            seen.add(column.url)
        for feed in announced_feeds(page.html, page.url):
            result.feeds.append(feed)
    if len(pages) == 1 and first.url != root:
        # No home page to name the site: the part of the page's title its columns' titles share
        # ("Story 1 | Lakeside College" and "News | Lakeside College" give "Lakeside College").
        result.name = _shared_title_part(first_title, titles) or first_title
    if own is not None and not _is_article(own, result.columns):
        result.columns.insert(0, own)
    result.feeds = list(dict.fromkeys(result.feeds))
    for column in result.columns:
        _read_articles(column, fetcher, articles_per_column, result, say)
    result.fetched = fetcher.fetched
    return result


def _is_article(page: Column, columns: list[Column]) -> bool:
    """Whether a page read as a column is an article (whose related-story links looked like a
    list): its URL has its family's article shape, or a column lists it."""
    if page.family and is_detail_url(page.url, load_preset(page.family)):
        return True
    return any(page.url in column.articles for column in columns)


def _read_articles(
    column: Column, fetcher: PoliteFetcher, count: int, result: Survey, say: Callable[[str], None]
) -> None:
    read = 0
    for url in column.articles:
        if read >= count:
            break
        say(f"reading article {url}")
        try:
            page = fetcher.page(url)
        except FetchError as exc:
            result.problems.append(str(exc))
            continue
        profile = column_profile(page.url, column.family)
        evidence = [column.evidence[url]] if url in column.evidence else []
        item = extract_article(page.url, page.html, profile, evidence=evidence).item
        result.articles.append(
            ArticlePreview(
                column=column.name,
                url=page.url,
                title=item.get("title"),
                published=item.get("published"),
                topics=list(item.get("topics") or []),
                credits=[
                    f"{c.get('label') or c.get('role')} {c.get('name')}"
                    for c in item.get("credits") or []
                ],
                body_chars=len(item.get("body") or ""),
            )
        )
        read += 1


def profiled_columns(columns: list[Column], profiles: list[SiteProfile]) -> dict[str, SiteProfile]:
    """The columns whose listing URL is already a start URL of one of ``profiles`` (compared in
    canonical form), by column URL, each with the first such profile: a profile written for them
    would crawl those pages again under a second site id."""
    starts: dict[str, SiteProfile] = {}
    for profile in profiles:
        for url in profile.start_urls:
            starts.setdefault(canonicalize(url), profile)
    return {c.url: starts[canonicalize(c.url)] for c in columns if canonicalize(c.url) in starts}


@dataclass
class ProfileDraft:
    """A profile ``add`` proposes: its id, file name and TOML text."""

    id: str
    columns: list[Column]
    text: str


def base_id(start_url: str) -> str:
    """A site id from the site's host, with ``-PORT`` when the port is not the scheme's default:
    ``https://www.x.edu.cn/news/`` gives ``www.x.edu.cn``, ``http://127.0.0.1:8300/``
    ``127.0.0.1-8300``."""
    return url_site_id(urljoin(canonicalize(start_url), "/"))


def draft_profiles(
    result: Survey, site_id: str | None = None, every: str = "6h", leave_out: Collection[str] = ()
) -> list[ProfileDraft]:
    """One profile per CMS family among the columns but those whose URL is in ``leave_out`` (a
    profile has one family), id ``site_id`` (default :func:`base_id`), suffixed ``-FAMILY`` when
    the columns need several. Empty when no column is left."""
    groups: dict[str | None, list[Column]] = {}
    for column in result.columns:
        if column.url not in leave_out:
            groups.setdefault(column.family, []).append(column)
    base = site_id or base_id(result.start_url)
    drafts = []
    for family, columns in groups.items():
        pid = base if len(groups) == 1 else f"{base}-{family or 'auto'}"
        drafts.append(ProfileDraft(pid, columns, _toml(result, pid, family, columns, every)))
    return drafts


def _toml(result: Survey, pid: str, family: str | None, columns: list[Column], every: str) -> str:
    listed = "".join(f"#   {c.name}: {c.url}\n" for c in columns)
    family_note = family or "no known family: read with the generic chain (auto)"
    lines = [
        f"# Written by `newscrawler add {result.start_url}` on "
        f"{datetime.now(timezone.utc):%Y-%m-%d}.",
        f"# Columns ({family_note}):",
        listed.rstrip("\n"),
        f"id = {_quote(pid)}",
        f"name = {_quote(result.name or pid)}",
        f"cms = {_quote(family or 'auto')}",
    ]
    if result.language:
        lines.append(f"language = {_quote(result.language)}")
    lines.append("start_urls = [" + ", ".join(_quote(c.url) for c in columns) + "]")
    lines.append(f"every = {_quote(every)}")
    return "\n".join(lines) + "\n"


def _quote(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)
