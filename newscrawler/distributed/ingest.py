"""The ingester: the one process that writes the archive for a cluster of workers.

It reads the item stream in batches, stores each batch with :meth:`Archive.store` (write-time
decisions, versions, aliases, search index, JSON Lines outbox) together with the ids of the
stream entries it came from (table ``ingested_entries``, same transaction), appends the outbox to
the JSON Lines file, and only then acknowledges the entries. Killed at any point, it loses nothing
(unacknowledged entries are delivered again) and stores nothing twice (an entry already in
``ingested_entries`` is acknowledged without being stored again).

Each site gets a ``crawls`` row per ingest session, judged on what reached the archive: new,
changed, unchanged and gone counts, field shares (redesign detection), ``empty`` when none of
the site's items could be stored.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawler import reasons
from newscrawler.archive import WATCHED_FIELDS, Archive, Stored, is_filled, now_iso
from newscrawler.distributed.stream import Entry, ItemStream
from newscrawler.jsonl import drain_outbox
from newscrawler.runlog import ARTICLE_LINKS, FILLED, LISTING_PAGES, STORED, RunLog

logger = logging.getLogger(__name__)

REQUIRED = ("url", "title", "body")


@dataclass
class Ingested:
    """What an ingester stored so far: per-site Scrapy-style counters, and entries seen twice."""

    stats: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    redelivered: int = 0
    entries: int = 0


class Ingester:
    def __init__(
        self, archive: Archive, stream: ItemStream, jsonl: str | Path, consumer: str,
        batch_size: int = 100,
    ) -> None:  # fmt: skip
        self.archive = archive
        self.stream = stream
        self.jsonl = Path(jsonl)
        self.consumer = consumer
        self.batch_size = batch_size
        self.done = Ingested()
        self.runs: dict[str, RunLog] = {}
        archive.db["ingested_entries"].create(
            {"id": str, "ingested_at": str}, pk="id", if_not_exists=True
        )
        stream.ensure_group()

    def step(self, block: float = 1.0, reclaim_after: float = 30.0) -> int:
        """Store one batch; returns how many entries it acknowledged (0: nothing was waiting)."""
        entries = self.stream.read(self.consumer, self.batch_size, block, reclaim_after)
        if not entries:
            return 0
        ids = [e.id for e in entries]
        marks = ", ".join("?" for _ in ids)
        seen = {
            row[0]
            for row in self.archive.db.execute(
                f"select id from ingested_entries where id in ({marks})", ids
            )
        }
        fresh = [e for e in entries if e.id not in seen]
        self.done.redelivered += len(entries) - len(fresh)
        self._store(fresh)
        drain_outbox(self.archive.db, self.jsonl)
        self.stream.ack(ids)
        self.done.entries += len(entries)
        return len(entries)

    def _store(self, entries: list[Entry]) -> None:
        articles: list[dict[str, Any]] = []
        checks: list[dict[str, Any]] = []
        for entry in entries:
            item = dict(entry.item)
            kind = item.pop("kind", "article")
            if kind == "article":
                self.done.stats[item.get("site") or "?"][ARTICLE_LINKS] += 1
            site = item.get("site") or "?"
            self._run(site)
            self.done.stats[site][LISTING_PAGES] = 1  # a worker read the site's listings
            if kind == "check":
                checks.append(item)
                continue
            missing = [
                k for k in REQUIRED if not (isinstance(item.get(k), str) and item[k].strip())
            ]
            if missing:
                self.done.stats[site][reasons.stat_key(f"missing_{missing[0]}")] += 1
                logger.warning("dropped %s: missing %s", item.get("url"), missing[0])
                continue
            articles.append(item)
        ids = [(e.id, now_iso()) for e in entries]
        try:
            stored = self.archive.store(
                articles, checks,
                then=lambda db: db.conn.executemany(
                    "insert or ignore into ingested_entries(id, ingested_at) values (?, ?)", ids
                ),
            )  # fmt: skip
        except sqlite3.Error:
            logger.exception("could not store %d entries; they stay in the stream", len(entries))
            raise
        self._count(stored, articles, checks)

    def _count(
        self, stored: Stored, articles: list[dict[str, Any]], checks: list[dict[str, Any]]
    ) -> None:
        for item, status in zip(articles, stored.statuses, strict=True):
            stats = self.done.stats[item.get("site") or "?"]
            if status == "duplicate":
                stats[reasons.stat_key("duplicate_content")] += 1
                continue
            stats[f"newscrawler/{status}"] += 1
            stats[STORED] += 1
            for name in WATCHED_FIELDS:
                if is_filled(item.get(name)):
                    stats[FILLED + name] += 1
        for check in checks:
            stats = self.done.stats[check.get("site") or "?"]
            stats["newscrawler/unchanged" if check["status"] == 304 else "newscrawler/gone"] += 1

    def _run(self, site: str) -> None:
        if site not in self.runs:
            self.runs[site] = RunLog(self.archive, site)
            self.runs[site].start()

    def finish(self) -> list[dict[str, Any]]:
        """Close every site's ``crawls`` row of this session; returns the rows."""
        return [
            run.finish(dict(self.done.stats[site]), "finished") for site, run in self.runs.items()
        ]
