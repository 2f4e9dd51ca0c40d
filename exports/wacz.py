"""WACZ: the crawl's WARC files packed for replay (ReplayWeb.page, pywb) and hand-over.

The package is built by the ``wacz`` library (Webrecorder's reference implementation: CDXJ
index, ``datapackage.json`` with hashes); its pages list is the selected archived articles, so a
replay tool opens on the articles rather than on every listing and robots.txt.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils
from newscrawler.exports import selection
from newscrawler.exports.selection import Selection
from wacz.main import main as wacz_main

from newscrawler.capture.index import CaptureIndex
from newscrawler.capture.warc import read_payload_record, settle_for_reading

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "Archived articles"}


class WaczError(RuntimeError):
    """The ``wacz`` library could not build or validate the package."""


def export_wacz(db: sqlite_utils.Database, chosen: Selection, output: Path, warcs: Path) -> int:
    """Pack the WARC files in ``warcs`` into ``output`` with the ``chosen`` articles as pages,
    each stamped with the ``WARC-Date`` of the record holding its payload (the original when the
    latest capture is a revisit): how replay tools find it in the index. Returns the number of
    pages; raises :class:`WaczError` as :func:`write_wacz`."""
    db.execute("begin")
    try:
        rows = list(selection.rows(db, chosen))
        captures = {
            url: (warc_file, offset)
            for url, warc_file, offset in db.execute(
                "select url, warc_file, warc_offset from articles where warc_file is not null"
            )
        }
    finally:
        db.execute("commit")
    settle_for_reading(warcs)  # a dead crawl's .open file is closed, then packed with the rest
    index = CaptureIndex.load(warcs)
    for row in rows:
        capture = captures.get(row["url"])
        if capture is not None:
            with contextlib.suppress(OSError, ValueError, KeyError):  # else: its fetch time
                record = read_payload_record(warcs, *capture, index)
                row["fetched_at"] = record.warc_headers["WARC-Date"]
    return write_wacz(rows, sorted(warcs.glob("*.warc.gz")), Path(output))


def write_wacz(rows: Iterable[dict[str, Any]], warc_files: list[Path], output: Path) -> int:
    """Write ``output`` from ``warc_files`` with one page per row (``url``, ``title``,
    ``fetched_at``); returns the number of pages. Raises :class:`WaczError` when there is no WARC
    file or the library fails."""
    if not warc_files:
        raise WaczError("no WARC files to pack (was the crawl run with --no-warc?)")
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages.jsonl"
        count = 0
        with pages.open("w", encoding="utf-8") as out:
            out.write(json.dumps(PAGES_HEADER) + "\n")
            for row in rows:
                page = {
                    "url": row["url"],
                    "ts": _warc_date(row.get("fetched_at")),
                    "title": row.get("title"),
                }
                out.write(json.dumps(page, ensure_ascii=False) + "\n")
                count += 1
        code, said = _quietly(
            ["create", "-o", str(output), "-p", str(pages), *(str(p) for p in warc_files)]
        )
    if code:
        raise WaczError(f"the wacz library could not build {output}: {said.strip()}")
    return count


def _quietly(args: list[str]) -> tuple[int, str]:
    """Run the ``wacz`` command-line entry point; returns its exit code and what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = wacz_main(args)
    return int(code or 0), printed.getvalue()


def _warc_date(value: str | None) -> str | None:
    """An ISO 8601 time as WARC writes it: UTC, ``Z`` suffix (``2026-01-02T03:04:05Z``)."""
    if not value:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
