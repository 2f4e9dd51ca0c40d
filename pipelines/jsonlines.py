"""JSON Lines output: one line per new or changed article, exactly once, never half-written.

The archive pipeline puts each line into the ``jsonl_outbox`` table in the same transaction as its
article. This writer appends the outbox to the file (one ``write`` per batch, then ``fsync``) and
only then empties the outbox. After a crash anywhere in between, the next run first cuts a partial
last line, then appends exactly the outbox lines the file does not already end with.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from newscrawler.archive import open_archive
from pipelines.archive import archive_committed, stop_crawl

logger = logging.getLogger(__name__)


def repair_partial_line(path: Path) -> bool:
    """Cut a trailing incomplete line (a crash mid-write); True if something was cut."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    with path.open("rb+") as fh:
        fh.seek(-1, os.SEEK_END)
        if fh.read(1) == b"\n":
            return False
        pos = fh.seek(0, os.SEEK_END)
        while pos > 0:
            start = max(0, pos - (1 << 16))
            fh.seek(start)
            cut = fh.read(pos - start).rfind(b"\n")
            if cut >= 0:
                fh.truncate(start + cut + 1)
                return True
            pos = start
        fh.truncate(0)
        return True


def last_lines(path: Path, count: int) -> list[str]:
    """The last ``count`` complete lines of ``path`` (fewer if the file is shorter)."""
    if count <= 0 or not path.exists():
        return []
    with path.open("rb") as fh:
        end = fh.seek(0, os.SEEK_END)
        pos, data = end, b""
        while pos > 0 and data.count(b"\n") <= count:
            start = max(0, pos - (1 << 16))
            fh.seek(start)
            data = fh.read(pos - start) + data
            pos = start
    lines = [line + "\n" for line in data.decode("utf-8", errors="replace").split("\n")[:-1]]
    return lines[-count:]


def already_written(tail: list[str], pending: list[str]) -> int:
    """How many of ``pending`` (in order) the file already ends with."""
    for n in range(min(len(tail), len(pending)), 0, -1):
        if tail[-n:] == pending[:n]:
            return n
    return 0


class JsonLinesPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.path = Path(crawler.settings.get("NEWSCRAWLER_JSONL"))
        self.db_path = crawler.settings.get("NEWSCRAWLER_DB")
        self.stats = crawler.stats
        self.crawler = crawler
        crawler.signals.connect(self.drain, signal=archive_committed)
        # Closed only when the spider is: the archive commits its last batch after pipelines close.
        crawler.signals.connect(self._close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonLinesPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = open_archive(self.db_path)
        self.drain()  # what a killed run committed but never wrote

    def _close(self) -> None:
        self.db.close()

    def process_item(self, item: Any) -> Any:
        return item

    def drain(self) -> None:
        """Append the outbox's lines the file does not already end with, then empty the outbox.

        Checking the file's tail every time (not only after a crash) makes a drain that failed
        half-way harmless to retry. A drain that fails stops the crawl: going on would only pile
        up lines in the outbox.
        """
        try:
            self._drain()
        except (OSError, sqlite3.Error) as exc:
            logger.error("could not write JSON Lines to %s: %s", self.path, exc)
            self.stats.inc_value("newscrawler/errors/jsonl_failed")
            stop_crawl(self.crawler, "jsonl_failed")

    def _drain(self) -> None:
        rows = self.db.execute("select id, line from jsonl_outbox order by id").fetchall()
        if not rows:
            return
        if repair_partial_line(self.path):
            self.stats.inc_value("newscrawler/jsonl_repaired")
        lines = [line for _id, line in rows]
        skip = already_written(last_lines(self.path, len(lines)), lines)
        if skip < len(lines):
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write("".join(lines[skip:]))
                fh.flush()
                os.fsync(fh.fileno())
        with self.db.conn:
            self.db.execute("delete from jsonl_outbox where id <= ?", [rows[-1][0]])
        self.stats.inc_value("newscrawler/jsonl_lines", len(lines) - skip)
        if skip:
            self.stats.inc_value("newscrawler/jsonl_recovered", skip)
