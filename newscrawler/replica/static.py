"""Dump a portal to files, for serving with nginx (benchmarks).

Each URL target becomes one file; a query string stays in the file name
(``news/index.html?page=1``), and a path without a file extension becomes a folder
with ``index.html``. ``MANIFEST.tsv`` lists target, status, content type and file, so a
benchmark can generate its server config (e.g. an nginx ``map`` on ``$request_uri``).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newscrawler.replica.portal import Portal


def file_for(target: str) -> str:
    """Relative file name holding the answer to ``target``."""
    path, sep, query = target.partition("?")
    if path.endswith("/") or "." not in posixpath.basename(path):
        path = path.rstrip("/") + "/index.html"
    return path.lstrip("/") + sep + query


def write_static(portal: Portal, directory: str | Path) -> Path:
    """Write every page, endpoint answer and robots.txt of ``portal`` under ``directory``."""
    root = Path(directory)
    rows = []
    for target in portal.targets():
        reply = portal.response(target)
        if reply is None:
            continue
        name = file_for(target)
        rows.append(f"{target}\t{reply.status}\t{reply.headers['Content-Type']}\t{name}\n")
        destination = root / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(reply.body)
    manifest = root / "MANIFEST.tsv"
    manifest.write_text("target\tstatus\tcontent_type\tfile\n" + "".join(rows), encoding="utf-8")
    return manifest
