"""A replica portal: every page of one deterministic news site, generated on request.

Nothing is stored per article; ``response()`` works out from the path which article,
listing or endpoint is asked for and renders it, so a 100k-article portal costs nothing
until it is crawled.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from newscrawler.replica import feeds
from newscrawler.replica.article import Article, Block
from newscrawler.replica.families import FAMILIES, THEMES, UNSEEN, ArticleView, Family, Link
from newscrawler.replica.media import media_file
from newscrawler.replica.padding import pad
from newscrawler.replica.static import write_static
from newscrawler.replica.text import MAX_ARTICLES, rng_for

PRIVATE = "/private"
HOT_NEWS = 5


@dataclass(frozen=True)
class Reply:
    """One HTTP answer."""

    status: int
    headers: dict[str, str]
    body: bytes


def _split(target: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(target)
    return unquote(parts.path) or "/", dict(parse_qsl(parts.query, keep_blank_values=True))


def _matches(target: tuple[str, dict[str, str]], wanted: str) -> bool:
    """Same path, and every query parameter of ``wanted`` present (extra ones are ignored)."""
    path, query = _split(wanted)
    return target[0] == path and query.items() <= target[1].items()


class Portal:
    """One replica news site of a CMS family.

    Broken cases, by article number (``number`` 0 is the oldest of ``n`` articles):
    ``n`` is served only under ``/private/`` (disallowed by robots.txt), ``n + 1`` is
    linked but missing (404), ``n + 2`` is linked and always fails (500). Of the real
    articles, one has no date anywhere and one is also served at a second URL.

    ``publish`` adds a second discovery source (see :data:`feeds.SOURCES`): ``robots`` names a
    sitemap index in robots.txt, ``sitemap.xml`` serves one at the conventional place (both list
    every article), ``feed-link`` announces an Atom feed on the listing pages and ``wp-feed``
    serves WordPress's ``/feed/`` (both feeds carry the unlisted articles and the newest five).
    The ``unlisted`` oldest articles appear on no listing page, only there.
    """

    def __init__(
        self,
        family: Family,
        n_articles: int,
        page_kb: int | None = None,
        publish: tuple[str, ...] = (),
        unlisted: int = 0,
    ) -> None:
        if not 5 <= n_articles <= MAX_ARTICLES - 3:
            raise ValueError(f"n_articles must be between 5 and {MAX_ARTICLES - 3}")
        unknown = set(publish) - set(feeds.SOURCES)
        if unknown:
            raise ValueError(f"unknown publish option(s) {sorted(unknown)}; from {feeds.SOURCES}")
        if unlisted and not publish:
            raise ValueError("unlisted articles need a sitemap or feed to publish them")
        if unlisted < 0 or (unlisted and unlisted > n_articles - 7):
            raise ValueError(f"unlisted must be between 0 and n_articles - 7 ({n_articles - 7})")
        self.layout = family
        self.n_articles = n_articles
        self.page_kb = page_kb
        self.publish = tuple(publish)
        self.listed = n_articles - unlisted
        self.pages = math.ceil(self.listed / family.per_page)
        reserved = {self._index(getattr(family, "reference_number", -1))}
        self.duplicate_number = self._number(next(i for i in (1, 2, 4) if i not in reserved))
        reserved.add(self._index(self.duplicate_number))
        self.undated_number = self._number(next(i for i in (3, 4, 5, 6) if i not in reserved))
        self.private_number, self.missing_number, self.error_number = (
            n_articles,
            n_articles + 1,
            n_articles + 2,
        )
        self._revisions: dict[int, list[str]] = {}
        self._removed: set[int] = set()
        self._archive_pages = family.archive_pages()
        self.article = lru_cache(maxsize=4096)(self._article)

    # identity -----------------------------------------------------------------------
    @property
    def family(self) -> str:
        """Family name: ``vsb``, ``webplus``, ``wordpress``, ``drupal`` or ``ustb-en``."""
        return self.layout.name

    @property
    def encoding(self) -> str:
        """Charset of the HTML pages (``gbk`` for vsb)."""
        return self.layout.encoding

    @property
    def start_path(self) -> str:
        """The newest listing page, where a crawl starts."""
        return self.layout.listing_path(1, self.pages)

    def _index(self, number: int) -> int:
        return self.n_articles - 1 - number

    _number = _index  # the mapping is its own inverse

    # content ------------------------------------------------------------------------
    def _article(self, number: int) -> Article:
        article = self.layout.article(number)
        if number == self.undated_number:
            article.published = None
        extra = self._revisions.get(number)
        if extra:
            article = dataclasses.replace(
                article, blocks=article.blocks + [Block(p) for p in extra]
            )
        return article

    def path_of(self, number: int) -> str:
        """Main URL path of article ``number`` (hidden broken ones included)."""
        path = self.layout.article_path(self.article(number))
        return PRIVATE + path if number == self.private_number else path

    def revise(self, path: str, paragraph: str) -> None:
        """Append a paragraph to an article, so its next fetch (and expected item) differ."""
        number = self._article_at(_split(path))
        if number is None:
            raise KeyError(path)
        self._revisions.setdefault(number, []).append(paragraph)
        self.article.cache_clear()

    def remove(self, path: str) -> None:
        """Take an article down: from now on it answers 404 (its listing link stays, as on real
        portals). ``expected()`` still lists it: an archive keeps what was published."""
        number = self._article_at(_split(path))
        if number is None:
            raise KeyError(path)
        self._removed.add(number)

    def article_paths(self) -> list[str]:
        """Main paths of all real articles, newest first."""
        return [self.path_of(self._number(i)) for i in range(self.n_articles)]

    def listing_paths(self) -> list[str]:
        """Listing pages, newest first."""
        return [self.layout.listing_path(page, self.pages) for page in range(1, self.pages + 1)]

    def expected(self) -> dict[str, dict[str, Any]]:
        """Article path -> the item a correct extractor produces for it (broken cases excluded)."""
        return {path: item for path, item in self.iter_expected()}

    def iter_expected(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Like :meth:`expected`, newest first, without building the whole dict."""
        for i in range(self.n_articles):
            number = self._number(i)
            path = self.path_of(number)
            item = self.article(number).expected(path)
            yield path, {**item, "views": self.views(number)}

    def views(self, number: int) -> int | None:
        """What the counter endpoint (or the printed count) says; None where the site shows none."""
        return self.article(number).views if self.layout.shows_views else None

    def _link(self, number: int) -> Link:
        article = self.article(number)
        return Link(self.path_of(number), article.title, article.published)

    # routing ------------------------------------------------------------------------
    def _article_at(self, target: tuple[str, dict[str, str]]) -> int | None:
        """The real article served at this target (main or duplicate URL), if any."""
        number = self.layout.article_number(*target)
        if number is None or not 0 <= number < self.n_articles:
            return None
        if _matches(target, self.path_of(number)):
            return number
        article = self.article(number)
        if number == self.duplicate_number and _matches(target, self.layout.alias_path(article)):
            return number
        return None

    def response(self, target: str, base: str = "") -> Reply | None:
        """The reply to a GET of ``target`` (path with query), or None for 404. ``base``
        (``http://host:port``) makes sitemap and feed locations absolute."""
        path, query = _split(target)
        if path == "/robots.txt":
            robots = f"User-agent: *\nDisallow: {PRIVATE}/\n"
            if "robots" in self.publish:
                robots += f"\nSitemap: {base}{feeds.ROBOTS_SITEMAP_INDEX}\n"
            return self._reply(200, robots, "text/plain")
        published = self._published(path, base)
        if published is not None:
            return self._reply(200, published, "application/xml")
        counted = self.layout.counter_number(path, query)
        if counted is not None and 0 <= counted < self.n_articles:
            return self._reply(200, str(self.views(counted)), "text/plain")
        page = self.layout.listing_page(path, query, self.pages)
        if page is not None:
            html = self._listing(page)
            if "feed-link" in self.publish:
                html = feeds.announce(html, base)
            return self._html(target, html)
        number = self._article_at((path, query))
        if number is not None and number not in self._removed:
            return self._html(target, self._detail(number, target))
        if _matches((path, query), self.path_of(self.error_number)):
            return self._reply(
                500, "<html><body><h1>500 Internal Server Error</h1></body></html>", "text/html"
            )
        if _matches((path, query), self.path_of(self.private_number)):
            return self._html(target, self._detail(self.private_number, target))
        title = self._archive_pages.get(path)
        if title is not None and not query:
            return self._html(target, self.layout.render_other(path, title))
        media = media_file(path)
        if media is not None:
            content_type, body = media
            return Reply(
                200, {"Content-Type": content_type, "Content-Length": str(len(body))}, body
            )
        return None

    def _published(self, path: str, base: str) -> str | None:
        """The sitemap or feed at ``path``, when the portal publishes one there."""
        if "robots" in self.publish and path == feeds.ROBOTS_SITEMAP_INDEX:
            return feeds.sitemap_index(base)
        if "robots" in self.publish and path in feeds.SITEMAP_PARTS:
            articles = self.article_paths()
            half = len(articles) // 2
            part = articles[:half] if path == feeds.SITEMAP_PARTS[0] else articles[half:]
            return feeds.urlset(base, part)
        if "sitemap.xml" in self.publish and path == feeds.DEFAULT_SITEMAP:
            return feeds.urlset(base, self.article_paths())
        if ("feed-link" in self.publish and path == feeds.ANNOUNCED_FEED) or (
            "wp-feed" in self.publish and path == feeds.WORDPRESS_FEED
        ):
            numbers = [
                self._number(i)
                for i in [*range(min(5, self.listed)), *range(self.listed, self.n_articles)]
            ]
            entries = [(self.path_of(n), self.article(n).title) for n in numbers]
            render = feeds.atom if path == feeds.ANNOUNCED_FEED else feeds.rss
            return render(base, entries)
        return None

    def _listing(self, page: int) -> str:
        per = self.layout.per_page
        links = [
            self._link(self._number(i))
            for i in range((page - 1) * per, min(page * per, self.listed))
        ]
        if page == 1:
            links[1:1] = [self._link(self.private_number), self._link(self.missing_number)]
        if page == self.pages:
            links.append(self._link(self.error_number))
        return self.layout.render_listing(page, self.pages, links, self.listed)

    def _detail(self, number: int, target: str) -> str:
        article = self.article(number)
        main = self.path_of(number)
        hot = [
            self._link(self._number(i))
            for i in range(min(HOT_NEWS + 1, self.n_articles))
            if self._number(i) != number
        ][:HOT_NEWS]
        duplicate = self.article(self.duplicate_number)
        hot.append(Link(self.layout.alias_path(duplicate), duplicate.title, duplicate.published))
        index = self._index(number)
        view = ArticleView(
            path=_split(target)[0],
            canonical=main if self.layout.canonical_on_alias else None,
            hot=hot,
            previous=self._link(number + 1) if 0 < index < self.n_articles else None,
            following=self._link(number - 1) if 0 <= index < self.n_articles - 1 else None,
        )
        return self.layout.render_article(article, view)

    def _html(self, target: str, html: str) -> Reply:
        if self.page_kb:
            html = pad(
                html, self.page_kb * 1024, self.encoding, rng_for(self.layout.seed, "pad", target)
            )
        return self._reply(200, html, "text/html")

    def _reply(self, status: int, body: str, content_type: str) -> Reply:
        charset = "GBK" if self.encoding == "gbk" and content_type == "text/html" else "utf-8"
        data = body.encode(self.encoding if content_type == "text/html" else "utf-8")
        return Reply(
            status,
            {
                "Content-Type": f"{content_type}; charset={charset}",
                "Content-Length": str(len(data)),
            },
            data,
        )

    def write_static(self, directory: str | Path) -> Path:
        """Dump every page to files under ``directory``; returns the MANIFEST.tsv path."""
        return write_static(self, directory)

    # everything, for static hosting ---------------------------------------------------
    def targets(self) -> Iterator[str]:
        """Every URL target the portal answers with 200 (and the one that answers 500)."""
        yield "/robots.txt"
        yield from self.listing_paths()
        for i in range(self.n_articles):
            number = self._number(i)
            article = self.article(number)
            yield self.path_of(number)
            counter = self.layout.counter_path(article)
            if counter:
                yield counter
        yield self.layout.alias_path(self.article(self.duplicate_number))
        yield self.path_of(self.private_number)
        yield self.path_of(self.error_number)
        yield from self._archive_pages


def build_portal(
    family: str,
    n_articles: int = 12,
    seed: int = 0,
    page_kb: int | None = None,
    publish: tuple[str, ...] = (),
    unlisted: int = 0,
) -> Portal:
    """A replica portal of ``family`` (one of :data:`FAMILIES`, a theme of :data:`THEMES` or a
    portal of its own template in :data:`UNSEEN`) with
    ``n_articles`` articles (``publish``/``unlisted``: sitemaps and feeds, see :class:`Portal`).

    Example::

        portal = build_portal("vsb", n_articles=12, seed=0)
        portal.response(portal.start_path).status   # 200
    """
    layouts = {**FAMILIES, **THEMES, **UNSEEN}
    if family not in layouts:
        raise ValueError(f"unknown family {family!r}; choose from {', '.join(layouts)}")
    return Portal(layouts[family](seed, n_articles), n_articles, page_kb, publish, unlisted)
