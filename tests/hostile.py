"""A hostile portal: a WebPlus-shaped news listing on 127.0.0.1 whose links, view counters,
pagination and redirects try to take the crawler elsewhere — to local files, ``data:`` and
``ftp:`` URLs, and to another server (:class:`Elsewhere`, on 127.0.0.2) that logs every request.
"""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = (
    "<html><head><meta charset='utf-8'><title>{n}</title></head><body>"
    "<h1 class='arti_title'>第{n}篇新闻</h1><p class='arti_metas'><span class='arti_update'>"
    "发布时间：2024-05-0{n}</span></p><div class='wp_articlecontent'><p>这是第{n}篇新闻的正文，"
    "内容完整，足够长，可以存档。</p><p>第二段。</p></div>"
    "<span class='WP_VisitCount' url='{counter}'></span></body></html>"
)


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A crawler hanging up is not news."""


class _Served:
    """Serve ``handler`` on ``host`` (any free port) in a daemon thread; ``url`` is its base."""

    def __init__(self, host: str, handler: type[BaseHTTPRequestHandler]) -> None:
        self.server = _Quiet((host, 0), handler)
        self.server.owner = self
        self.url = f"http://{host}:{self.server.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class _ElsewhereHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.server.owner.requests.append(self.path)
        body = b"12345"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Elsewhere(_Served):
    """Another site, on 127.0.0.2: ``requests`` lists every path asked of it."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        super().__init__("127.0.0.2", _ElsewhereHandler)


class _HostileHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _send(self, status: int, body: str, content_type: str = "text/html", **headers) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        portal: HostilePortal = self.server.owner
        portal.requests.append(self.path)
        if self.path == "/news/list.htm":
            self._send(200, portal.listing())
        elif self.path == "/robots.txt":
            other = portal.elsewhere.url
            # A sitemap on the other host, the portal's own, and an HTML page posing as one.
            robots = f"Sitemap: {other}/sitemap.xml\nSitemap: /sitemap.xml\nSitemap: /news.xml\n"
            self._send(200, robots, "text/plain")
        elif self.path == "/sitemap.xml":
            self._send(200, portal.sitemap(), "application/xml")
        elif self.path == "/news.xml":
            self._send(200, "<html><body>This page has moved.</body></html>")
        elif self.path == "/counter?id=7":
            self._send(200, "70", "text/plain")
        elif self.path in portal.redirects:
            self._send(302, "", Location=portal.redirects[self.path])
        elif self.path in portal.counters:
            n = re.search(r"c1a(\d+)/", self.path).group(1)
            self._send(200, ARTICLE.format(n=n, counter=portal.counters[self.path]))
        else:
            self._send(404, "not found")


def article_path(n: int) -> str:
    return f"/2024/0501/c1a{n}/page.htm"


class HostilePortal(_Served):
    """The hostile portal; its start URL is ``url + "/news/list.htm"``.

    ``counters`` maps each article path to the URL its view counter claims; ``redirects`` the
    article paths that redirect offsite. Only articles 1-3 and 5-7 are real articles of the
    portal; article 7's counter is the only one on the portal (70 views).
    """

    def __init__(self, elsewhere: Elsewhere, local_file: str) -> None:
        self.requests: list[str] = []
        self.elsewhere = elsewhere
        self.counters = {
            article_path(1): "file:///dev/zero",
            article_path(2): f"file://{local_file}",
            article_path(3): f"{elsewhere.url}/counter.jsp?id=3",
            article_path(5): "data:text/plain,777",
            article_path(6): "ftp://127.0.0.2/count",
            article_path(7): "/counter?id=7",
        }
        self.redirects = {article_path(4): f"{elsewhere.url}{article_path(40)}"}
        super().__init__("127.0.0.1", _HostileHandler)

    def sitemap(self) -> str:
        """A sitemap listing one article of the portal and one on the other host."""
        locs = [article_path(7), f"{self.elsewhere.url}{article_path(11)}"]
        urls = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
        return f"<?xml version='1.0'?><urlset>{urls}</urlset>"

    def listing(self) -> str:
        other = self.elsewhere.url
        links = [article_path(n) for n in range(1, 8)] + [
            f"{other}{article_path(9)}",  # an article link to another host
            "javascript:void(0)",
            "mailto:news@example.edu.cn",
            f"file://{article_path(8)}",
        ]
        items = "".join(
            f"<li><a href='{href}'>新闻{i}</a><span>2024-05-01</span></li>"
            for i, href in enumerate(links)
        )
        return (
            "<html><head><meta charset='utf-8'><link rel='alternate'"
            f" type='application/rss+xml' href='{other}/feed.xml'></head><body><ul>{items}</ul>"
            f"<div class='wp_paging'><a href='{other}/news/list3.htm'>3</a>"
            f"<a class='next' href='{other}/news/list2.htm'>下一页</a></div></body></html>"
        )


class _TrapHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.server.owner.requests.append(self.path)
        match = re.fullmatch(r"/news/list\.htm\?page=(\d+)", self.path)
        if match:
            body = TrapPortal.listing(int(match.group(1)))
        elif self.path in [article_path(n) for n in (1, 2, 3)]:
            n = re.search(r"c1a(\d+)/", self.path).group(1)
            body = ARTICLE.format(n=n, counter="")
        else:
            body = None
        data = (body or "not found").encode()
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class TrapPortal(_Served):
    """A listing whose pagination never ends: every page shows the same three articles and links
    the next five pages. Start URL: ``url + "/news/list.htm?page=1"``."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        super().__init__("127.0.0.1", _TrapHandler)

    @staticmethod
    def listing(page: int) -> str:
        items = "".join(
            f"<li><a href='{article_path(n)}'>新闻{n}</a><span>2024-05-01</span></li>"
            for n in (1, 2, 3)
        )
        pager = "".join(
            f"<a href='/news/list.htm?page={p}'>{p}</a>" for p in range(page + 1, page + 6)
        )
        return (
            f"<html><head><meta charset='utf-8'></head><body><ul>{items}</ul>"
            f"<div class='wp_paging'>{pager}<a class='next' href='/news/list.htm?page={page + 1}'>"
            "下一页</a></div></body></html>"
        )
