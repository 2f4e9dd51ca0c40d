"""Replica university sites: a home page whose navigation leads to several news columns, each
column a replica portal on its own port (as a university's ``www`` links to ``news.``), among
furniture (about, admissions, library…), a block of headlines and an external link.

Two kinds, for ``newscrawler add``:

- ``vsb``: a Chinese university on the VSB CMS — columns 学校要闻 and 通知公告;
- ``plain``: an English college whose hand-written site matches no CMS family (no preset's
  markers anywhere): columns News and Events.

Example::

    university = build_university("plain")
    with university.serve() as server:
        home = university.home_url(server)     # http://127.0.0.1:PORT/
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice

from newscrawler.replica import text
from newscrawler.replica.article import Article, Style
from newscrawler.replica.families import FAMILIES
from newscrawler.replica.families.base import esc
from newscrawler.replica.families.drupal import CATEGORIES, DrupalFamily
from newscrawler.replica.portal import Portal, Reply
from newscrawler.replica.server import ReplicaServer


class PlainFamily(DrupalFamily):
    """A hand-written college site: Drupal's URL shapes under a section of its own
    (``/events``, ``/events?page=1``, ``/events/slug``), but plain markup with no CMS marker."""

    name = "plain"
    site_name = "Lakeside College"
    style = Style(
        "plain", "en", "drupal", CATEGORIES, -5, False, datetime(2024, 6, 3, 15, 0, tzinfo=timezone.utc)
    )  # fmt: skip
    other_pages = {"/about.html": "About the College"}
    section = "news"

    def listing_path(self, page: int, pages: int) -> str:
        return f"/{self.section}" if page == 1 else f"/{self.section}?page={page - 1}"

    def listing_page(self, path: str, query: dict[str, str], pages: int) -> int | None:
        if path != f"/{self.section}":
            return None
        page = query.get("page", "0")
        return int(page) + 1 if page.isdigit() and int(page) < pages else None

    def article_path(self, article: Article) -> str:
        return f"/{self.section}/{text.slugify(article.title)}"

    def article_number(self, path: str, query: dict[str, str]) -> int | None:
        match = re.fullmatch(r"/node/(\d+)", path)
        if match:
            return super().article_number(path, query)
        match = re.fullmatch(rf"/{self.section}/([a-z0-9-]+)", path)
        return text.number_from_slug(self.seed, self.name, match[1]) if match else None

    def image_path(self, number: int, i: int) -> str:
        return f"/images/{self.section}/{self.nid(number)}-{i + 1}.jpg"

    def archive_pages(self) -> dict[str, str]:
        return dict(self.other_pages)

    def chrome(self, title: str, main: str, head: str = "") -> str:
        return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8" />
{head}<title>{esc(title)} | {self.site_name}</title><link rel="stylesheet" href="/style.css" /></head>
<body><div id="top"><a href="/">{self.site_name}</a>
<ul id="menu"><li><a href="/">Home</a></li><li><a href="/{self.section}">{self.section.title()}</a></li>
<li><a href="/about.html">About</a></li></ul></div>
<div id="page">{main}</div>
<div id="bottom">&copy; {self.site_name}</div></body></html>
"""


class EventsFamily(PlainFamily):
    """The college's second column, under ``/events``."""

    section = "events"


@dataclass
class Column:
    """A news column the home page links to: its name there and the portal serving it."""

    name: str
    portal: Portal


@dataclass
class HomePage:
    """A university's home page site: ``/``, furniture pages and ``robots.txt``. It answers
    like a :class:`Portal` (``response``), so :class:`ReplicaServer` serves it."""

    name: str
    language: str
    columns: list[Column]
    furniture: dict[str, str]  # path -> link text (pages of the home site)
    family: str = "home"
    encoding: str = "utf-8"
    column_urls: dict[str, str] = field(default_factory=dict)  # column name -> listing URL

    def bind(self, server: ReplicaServer) -> None:
        """Learn the columns' URLs once ``server`` has given each portal its port."""
        for column in self.columns:
            self.column_urls[column.name] = server.url(column.portal) + column.portal.start_path

    def response(self, target: str, base: str = "") -> Reply | None:
        """``/`` (the home page), a furniture page, or ``robots.txt``; None (404) otherwise."""
        path = target.split("?", 1)[0]
        if path == "/robots.txt":
            return _reply("User-agent: *\nDisallow: /admin/\n", "text/plain")
        if path in ("/", "/index.html", "/index.htm"):
            return _reply(self._home(), "text/html")
        if path in self.furniture:
            title = self.furniture[path]
            return _reply(
                self._page(title, f"<h1>{esc(title)}</h1><p>{esc(title)}.</p>"), "text/html"
            )
        return None

    def _page(self, title: str, main: str) -> str:
        nav = "".join(f'<li><a href="{p}">{esc(t)}</a></li>' for p, t in self.furniture.items())
        news = "".join(
            f'<li><a href="{esc(url)}">{esc(name)}</a></li>'
            for name, url in self.column_urls.items()
        )
        return f"""<!DOCTYPE html>
<html lang="{self.language}"><head><meta charset="utf-8" /><title>{esc(title)}</title></head>
<body><div class="header"><a href="/"><img src="/logo.png" alt="{esc(self.name)}" /></a>
<ul class="nav"><li><a href="/">{"首页" if self.language == "zh" else "Home"}</a></li>{nav}{news}</ul></div>
<div class="main">{main}</div>
<div class="footer"><a href="https://www.example.org/">{"友情链接" if self.language == "zh" else "Partners"}</a>
<a href="/contact.html">{"联系我们" if self.language == "zh" else "Contact"}</a> &copy; {esc(self.name)}
</div></body></html>
"""

    def _home(self) -> str:
        blocks = []
        for column in self.columns:
            url = self.column_urls.get(column.name, "")
            base = url.split("/", 3)
            origin = "/".join(base[:3])
            links = "".join(
                f'<li><a href="{esc(origin + path)}">{esc(item["title"])}</a></li>'
                for path, item in islice(column.portal.iter_expected(), 3)
            )
            more = "更多>>" if self.language == "zh" else "More >"
            blocks.append(
                f'<div class="block"><h2>{esc(column.name)}</h2><a class="more" href="{esc(url)}">{more}</a>'
                f"<ul>{links}</ul></div>"
            )
        return self._page(self.name, "".join(blocks))


def _reply(body: str, content_type: str) -> Reply:
    data = body.encode("utf-8")
    return Reply(
        200,
        {"Content-Type": f"{content_type}; charset=utf-8", "Content-Length": str(len(data))},
        data,
    )


@dataclass
class University:
    """A home page and the column portals it links to."""

    home: HomePage

    @property
    def portals(self) -> list[Portal]:
        return [c.portal for c in self.home.columns]

    def serve(self, port: int = 0) -> ReplicaServer:
        """A server for the home page and every column (start it with ``with``): the home page
        on ``port`` and the columns on the ports after it (0: any free ports)."""
        sites = [self.home, *self.portals]
        ports = [port + i for i in range(len(sites))] if port else None
        server = ReplicaServer(sites, ports=ports)  # type: ignore[arg-type]
        self.home.bind(server)
        return server

    def home_url(self, server: ReplicaServer) -> str:
        return server.url(self.home) + "/"  # type: ignore[arg-type]


#: Furniture of each kind of home page: path -> link text.
_FURNITURE = {
    "zh": {
        "/xxgk.htm": "学校概况",
        "/yxsz.htm": "院系设置",
        "/zsjy.htm": "招生就业",
        "/tsg.htm": "图书馆",
        "/xyfw.htm": "校园服务",
    },
    "en": {
        "/about.html": "About",
        "/admissions.html": "Admissions",
        "/academics.html": "Academics",
        "/library.html": "Library",
        "/research.html": "Research",
    },
}


def build_university(kind: str, n_articles: int = 12) -> University:
    """A replica university of ``kind`` (``vsb`` or ``plain``, see the module), its columns
    with ``n_articles`` articles each. Raises ValueError for another kind."""
    if kind == "vsb":
        columns = [
            Column("学校要闻", Portal(FAMILIES["vsb"](0, n_articles), n_articles)),
            Column("通知公告", Portal(FAMILIES["vsb"](1, n_articles), n_articles)),
        ]
        return University(HomePage("滨江大学", "zh", columns, _FURNITURE["zh"]))
    if kind == "plain":
        columns = [
            Column("News", Portal(PlainFamily(0, n_articles), n_articles)),
            Column("Events", Portal(EventsFamily(1, n_articles), n_articles)),
        ]
        return University(HomePage("Lakeside College", "en", columns, _FURNITURE["en"]))
    raise ValueError(f"unknown university kind {kind!r}; choose vsb or plain")
