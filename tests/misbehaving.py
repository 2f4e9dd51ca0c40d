"""A news portal that misbehaves on purpose: every way a page can fail, on 127.0.0.1.

The listing links one good article and one page per failure. Each failure must end as a counted,
logged skip of that page while the crawl goes on.
"""

from __future__ import annotations

import os
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GOOD_ARTICLE = (
    "<html><head><meta charset='utf-8'><title>好文章</title></head><body>"
    "<div class='v_news_content'><p>这是一篇正常的文章，内容完整。</p><p>第二段。</p></div>"
    "<p>发布时间：2024-05-01</p></body></html>"
)

#: path -> what it does (the listing links every one of them, as /info/1/<n>.htm detail links)
CASES = {
    "/info/1/1.htm": "good",
    "/info/1/2.htm": "timeout",
    "/info/1/3.htm": "reset",
    "/info/1/4.htm": "redirect-loop",
    "/info/1/5.htm": "huge",
    "/info/1/6.htm": "pdf",
    "/info/1/7.htm": "broken-encoding",
    "/info/1/8.htm": "malformed",
    "/info/1/9.htm": "server-error",
    "/info/1/10.htm": "empty",
}


#: path -> what it is, for the pages that are not linked from the listing
PAGES = {"/xwzx.htm": "listing", "/about.htm": "not-a-listing"}

#: A page that is not a listing: text, and no links to articles (a crawl started here is empty).
NOT_A_LISTING = (
    "<html><head><meta charset='utf-8'><title>学院简介</title></head><body>"
    "<div class='intro'><p>学院始建于1952年，设有三个系。</p></div>"
    "<a href='/'>首页</a></body></html>"
)


def listing() -> str:
    links = "".join(
        f"<li><a href='{p}'>第{i}篇</a><span>2024-05-01</span></li>" for i, p in enumerate(CASES)
    )
    return f"<html><head><meta charset='utf-8'></head><body><ul>{links}</ul></body></html>"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        **headers: str,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        case = CASES.get(self.path, PAGES.get(self.path))
        if self.path == "/robots.txt" or case is None:
            self._send(404, b"not found")
        elif case == "listing":
            self._send(200, listing().encode())
        elif case == "not-a-listing":
            self._send(200, NOT_A_LISTING.encode())
        elif case == "good":
            self._send(200, GOOD_ARTICLE.encode())
        elif case == "timeout":
            time.sleep(self.server.slow_seconds)
            self._send(200, GOOD_ARTICLE.encode())
        elif case == "reset":
            # Linger 0 then close the descriptor itself: the client gets a TCP reset.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            os.close(self.connection.detach())
            self.close_connection = True
        elif case == "redirect-loop":
            self._send(302, b"", Location=self.path)
        elif case == "huge":
            self._send(
                200,
                b"<html><body><div class='v_news_content'>"
                + b"x" * 3_000_000
                + b"</div></body></html>",
            )
        elif case == "pdf":
            self._send(200, b"%PDF-1.4 not a web page", "application/pdf")
        elif case == "broken-encoding":
            self._send(
                200,
                b"<html><body><div class='v_news_content'><p>\xff\xfe\xfa\x80\x81</p></div></body></html>",
            )
        elif case == "malformed":
            self._send(
                200, b"<html><body><div class='v_news_content'><p><<<>>></b></i><table><tr><td>"
            )
        elif case == "server-error":
            self._send(503, b"busy")
        elif case == "empty":
            self._send(200, b"")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """The reset case breaks its own connection on purpose: nothing to report."""


class MisbehavingPortal:
    """Context manager serving the misbehaving portal; ``url`` is its base URL."""

    def __init__(self, slow_seconds: float = 5.0) -> None:
        self.server = _QuietServer(("127.0.0.1", 0), _Handler)
        self.server.slow_seconds = slow_seconds
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> MisbehavingPortal:
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
