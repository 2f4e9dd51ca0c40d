"""JSON Lines output: one line per new or changed article, never a half-written line.

Lines are written when the archive has committed their batch (the ``archive_committed`` signal),
so the file never holds an article the archive lost. Each line is written with a single ``write`` of the complete line and flushed; if a previous run
died mid-line, the partial tail is cut off when the file is next opened.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from newscrawler.extraction import ITEM_KEYS
from pipelines.archive import archive_committed


def repair_partial_line(path: Path) -> bool:
    """Cut a trailing incomplete line (a crash mid-write); True if something was cut."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    with path.open("rb+") as fh:
        fh.seek(-1, os.SEEK_END)
        if fh.read(1) == b"\n":
            return False
        size = fh.seek(0, os.SEEK_END)
        block = 1 << 16
        pos = size
        while pos > 0:
            start = max(0, pos - block)
            fh.seek(start)
            chunk = fh.read(pos - start)
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                fh.truncate(start + cut + 1)
                return True
            pos = start
        fh.truncate(0)
        return True


def item_line(item: dict[str, Any]) -> str:
    """One item as one JSON line with the DESIGN §1 keys, in order."""
    return json.dumps({k: item.get(k) for k in ITEM_KEYS}, ensure_ascii=False) + "\n"


class JsonLinesPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.path = Path(crawler.settings.get("NEWSCRAWLER_JSONL"))
        self.stats = crawler.stats
        crawler.signals.connect(self.write_committed, signal=archive_committed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonLinesPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        if repair_partial_line(self.path):
            self.stats.inc_value("newscrawler/jsonl_repaired")
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def process_item(self, item: Any) -> Any:
        return item

    def write_committed(self, items: list[tuple[Any, str]]) -> None:
        lines = [item_line(ItemAdapter(i).asdict()) for i, status in items if status != "unchanged"]
        if not lines:
            return
        # Opened per batch: the archive's last batch is committed after pipelines close.
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write("".join(lines))
        self.stats.inc_value("newscrawler/jsonl_lines", len(lines))
