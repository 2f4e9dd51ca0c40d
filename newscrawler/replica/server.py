"""Serve replica portals over real HTTP on 127.0.0.1, one port per portal."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from newscrawler.replica.portal import Portal


class _Handler(BaseHTTPRequestHandler):
    """Answers from the server's portal and counts every requested target."""

    server: _PortalServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(with_body=False)

    def _answer(self, with_body: bool) -> None:
        started = time.monotonic()
        self.server.count(self.path)
        try:
            self._reply(with_body)
        finally:
            self.server.record(started, time.monotonic(), self.path)

    def _reply(self, with_body: bool) -> None:
        if self.server.delay:
            time.sleep(self.server.delay)
        reply = self.server.portal.response(self.path, f"http://{self.headers.get('Host', '')}")
        if reply is None:
            body = b"<html><body><h1>404 Not Found</h1></body></html>"
            status, headers = (
                404,
                {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body))},
            )
        else:
            status, headers, body = reply.status, dict(reply.headers), reply.body
            if status == 200:
                # Validators, so crawlers can re-check with conditional requests.
                etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
                headers["ETag"] = etag
                if self.headers.get("If-None-Match") == etag:
                    self.server.count(self.path, not_modified=True)
                    status, body = 304, b""
                    headers = {"ETag": etag, "Content-Length": "0"}
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: tests and benchmarks read hits() instead of a log."""


class _PortalServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up mid-answer (a killed crawler, a timeout) is not news."""

    def __init__(self, portal: Portal, delay: float = 0.0, port: int = 0) -> None:
        try:
            super().__init__(("127.0.0.1", port), _Handler)
        except OSError:  # the preferred port is taken: any free one will do
            super().__init__(("127.0.0.1", 0), _Handler)
        self.portal = portal
        self.delay = delay
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self.log: list[tuple[float, float, str]] = []
        self.lock = threading.Lock()

    def record(self, started: float, finished: float, target: str) -> None:
        with self.lock:
            self.log.append((started, finished, target))

    def count(self, target: str, not_modified: bool = False) -> None:
        with self.lock:
            (self.not_modified if not_modified else self.hits)[target] += 1


class ReplicaServer:
    """Serve portals, each on its own port, in daemon threads.

    Example::

        with ReplicaServer([portal]) as server:
            urllib.request.urlopen(server.url(portal) + portal.start_path)
            server.hits(portal)   # Counter({'/xwzx/xxyw.htm': 1})
    """

    def __init__(
        self, portals: list[Portal], delay: float = 0.0, ports: list[int] | None = None
    ) -> None:
        """``delay`` seconds are waited before each answer: a slow server, so that tests can
        interrupt a crawl mid-way. ``ports`` are tried first (one per portal; a taken one falls
        back to any free port), so a replica keeps its URLs from one run to the next."""
        preferred = ports or [0] * len(portals)
        self._servers = {
            id(portal): _PortalServer(portal, delay, port)
            for portal, port in zip(portals, preferred, strict=True)
        }
        self._threads: list[threading.Thread] = []

    def start(self) -> ReplicaServer:
        for server in self._servers.values():
            thread = threading.Thread(
                target=server.serve_forever,
                args=(0.05,),
                name=f"replica-{server.portal.family}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join()
        self._threads.clear()

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def url(self, portal: Portal) -> str:
        """Base URL of a portal, ``http://127.0.0.1:PORT`` (no trailing slash)."""
        host, port = self._servers[id(portal)].server_address[:2]
        return f"http://{host}:{port}"

    def hits(self, portal: Portal) -> Counter[str]:
        """A copy of the counts of requested targets (path with query, as sent)."""
        server = self._servers[id(portal)]
        with server.lock:
            return Counter(server.hits)

    def request_log(self, portal: Portal) -> list[tuple[float, float, str]]:
        """Every request answered, in arrival order: ``(started, finished, target)``, times
        from ``time.monotonic()`` (seconds) when the request arrived and when its answer was
        sent."""
        server = self._servers[id(portal)]
        with server.lock:
            return sorted(server.log)

    def not_modified(self, portal: Portal) -> Counter[str]:
        """A copy of the counts of targets answered ``304 Not Modified`` (a conditional request
        whose ``If-None-Match`` matched)."""
        server = self._servers[id(portal)]
        with server.lock:
            return Counter(server.not_modified)
