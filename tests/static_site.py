"""A folder of saved files served as a site on 127.0.0.1, with per-file response headers.

``<file>.hdr`` beside a file holds its headers, one ``Name: value`` a line (the case folders of
``tests/fixtures/cases/`` use it to send a charset that contradicts the page). Files without one are
sent as ``text/html`` with no charset; anything missing is a 404.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def _headers(path: Path) -> list[tuple[str, str]]:
    hdr = path.with_name(path.name + ".hdr")
    if not hdr.is_file():
        return [("Content-Type", "text/html")]
    pairs = (line.split(":", 1) for line in hdr.read_text("utf-8").splitlines() if ":" in line)
    return [(name.strip(), value.strip()) for name, value in pairs]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        root: Path = self.server.root  # type: ignore[attr-defined]
        path = (root / self.path.split("?", 1)[0].lstrip("/")).resolve()
        found = path.is_file() and root in path.parents and not path.name.endswith(".hdr")
        body = path.read_bytes() if found else b"not found"
        headers = _headers(path) if found else [("Content-Type", "text/plain")]
        self.send_response(200 if found else 404)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class StaticSite:
    """Context manager serving ``root``; ``url`` is the base URL (no trailing slash)."""

    def __init__(self, root: Path) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.root = root.resolve()  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> StaticSite:
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
