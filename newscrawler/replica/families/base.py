"""What every replica CMS family provides: URL shapes, routing and page markup."""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from datetime import datetime
from html import escape

from newscrawler.replica.article import Article, Credit, Style, make_article


@dataclass(frozen=True)
class Link:
    """A link to an article (or a broken article URL) as a listing or sidebar shows it."""

    path: str
    title: str
    published: datetime | None = None


@dataclass(frozen=True)
class ArticleView:
    """Where an article page is served and what surrounds it."""

    path: str
    canonical: str | None
    hot: list[Link]
    previous: Link | None
    following: Link | None


def esc(value: str) -> str:
    """HTML-escape text and attribute values."""
    return escape(value, quote=True)


def relative(from_path: str, to_path: str) -> str:
    """A document-relative href from one page to another, as VSB sites print them."""
    target, _, query = to_path.partition("?")
    href = posixpath.relpath(target, posixpath.dirname(from_path) or "/")
    return href + ("?" + query if query else "")


def zh_credit(credit: Credit) -> str:
    """A Chinese credit line as printed: ``摄影：张三 李四`` or ``（通讯员 张三）``."""
    names = " ".join(credit.names)
    return f"（{credit.label} {names}）" if credit.label == "通讯员" else f"{credit.label}：{names}"


def digest(*parts: object) -> str:
    """A stable hex digest, for file names that look like a CMS generated them."""
    return hashlib.md5("/".join(map(str, parts)).encode()).hexdigest()


class Family:
    """Base of the replica CMS families. Subclasses fill in the URL shapes and markup.

    Paths are root-relative (``/info/1091/12345.htm``); ``query`` is the parsed query
    string with one value per key.
    """

    name: str = ""
    #: For a second theme of a CMS family: that family's name (what ``--cms`` names).
    theme_of: str = ""
    encoding: str = "utf-8"
    per_page: int = 5
    style: Style
    canonical_on_alias: bool = False
    shows_views: bool = True
    #: nav targets that are not articles: path -> title
    other_pages: dict[str, str] = {}

    def __init__(self, seed: int, total: int) -> None:
        self.seed = seed
        self.total = total

    @property
    def cms(self) -> str:
        """The CMS family (``--cms``) a crawl of this portal names."""
        return self.theme_of or self.name

    def article(self, number: int) -> Article:
        """The content of article ``number`` (0 = oldest)."""
        return make_article(self.style, self.seed, number, self.total, self.image_path)

    def archive_pages(self) -> dict[str, str]:
        """Every non-article page (path -> title): the nav targets plus archive pages
        (categories, authors) that article pages link to."""
        return dict(self.other_pages)

    # URL shapes -------------------------------------------------------------------
    def listing_path(self, page: int, pages: int) -> str:
        """Path of listing page ``page`` (1 = newest) of ``pages``."""
        raise NotImplementedError

    def listing_page(self, path: str, query: dict[str, str], pages: int) -> int | None:
        """The listing page number (1 = newest) served at this path, if it is one."""
        raise NotImplementedError

    def article_path(self, article: Article) -> str:
        raise NotImplementedError

    def alias_path(self, article: Article) -> str:
        """A second URL of the same article (the duplicate case)."""
        raise NotImplementedError

    def article_number(self, path: str, query: dict[str, str]) -> int | None:
        """The number of the article this path names (main or alias URL), unverified."""
        raise NotImplementedError

    def image_path(self, number: int, i: int) -> str:
        raise NotImplementedError

    def counter_path(self, article: Article) -> str | None:
        """The view-counter endpoint the page calls, if the family has one."""
        return None

    def counter_number(self, path: str, query: dict[str, str]) -> int | None:
        """The article number a counter request asks about."""
        return None

    # markup --------------------------------------------------------------------------
    def render_listing(self, page: int, pages: int, links: list[Link], total: int) -> str:
        raise NotImplementedError

    def render_article(self, article: Article, view: ArticleView) -> str:
        raise NotImplementedError

    def render_other(self, path: str, title: str) -> str:
        """A non-article page (about, another section), in the site's chrome."""
        raise NotImplementedError
