"""The ingester: the one process that writes the archive for a cluster of workers.

It reads the item stream in batches and passes each batch through the intake
(:mod:`newscrawler.archive.intake`: the checks and repairs of a single-machine crawl, then
:meth:`Archive.store`'s write-time decisions, versions, aliases, search index, JSON Lines
outbox) together with the ids of the stream entries it came from (table ``ingested_entries``,
same transaction), appends the outbox to the JSON Lines file, and only then acknowledges the
entries. Killed at any point, it loses nothing
(unacknowledged entries are delivered again) and stores nothing twice (an entry already in
``ingested_entries`` is acknowledged without being stored again).

With capture on, workers send the HTTP exchanges they received (``{"kind": "capture"}`` entries,
:mod:`newscrawler.cluster.capture`); the ingester writes them into its WARC files (the
:class:`~newscrawler.capture.warc.CaptureWriter`), fsyncs, and only then commits the rows that
point at them, with the capture key -> record location map (table ``ingested_captures``) in the
same transaction. An article names its capture by key in ``warc_record_id``; the ingester replaces
that with the record's file, offset and ``WARC-Record-ID``. The writer's capture index makes an
exchange whose payload equals the URL's latest capture a revisit record: a later crawl's
unchanged pages, and the captures redelivered after an ingester was killed between the fsync and
the commit (the killed one's copies are whole, so they are what the revisits refer to). No row
ever refers to a record that is not on disk.

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

from newscrawler import stat_keys
from newscrawler.archive import intake, now_iso
from newscrawler.archive.jsonl import drain_outbox
from newscrawler.archive.runlog import RunLog
from newscrawler.archive.store import Archive
from newscrawler.capture.warc import CaptureWriter
from newscrawler.cluster.capture import read_capture
from newscrawler.cluster.stream import Entry, ItemStream

logger = logging.getLogger(__name__)

#: Where a capture was written: (warc_file, warc_offset, warc_record_id).
Location = tuple[str, int, str]


@dataclass
class Ingested:
    """What an ingester stored so far: per-site Scrapy-style counters, and entries seen twice."""

    stats: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    redelivered: int = 0
    entries: int = 0
    #: WARC records written (captures), captures that could not be read, articles and media
    #: files stored without their capture (it never reached the stream).
    records: int = 0
    bad_captures: int = 0
    unlinked: int = 0


class Ingester:
    def __init__(
        self, archive: Archive, stream: ItemStream, jsonl: str | Path, consumer: str,
        batch_size: int = 100, warc: CaptureWriter | None = None,
    ) -> None:  # fmt: skip
        """``warc``: the writer of the archive's WARC files (``None``: captures are acknowledged
        and dropped, and articles are stored without a WARC link)."""
        self.archive = archive
        self.stream = stream
        self.jsonl = Path(jsonl)
        self.consumer = consumer
        self.batch_size = batch_size
        self.warc = warc
        self._warc_open = False
        self.done = Ingested()
        self.runs: dict[str, RunLog] = {}
        archive.db["ingested_entries"].create(
            {"id": str, "ingested_at": str}, pk="id", if_not_exists=True
        )
        archive.db["ingested_captures"].create(
            {"key": str, "warc_file": str, "warc_offset": int, "warc_record_id": str},
            pk="key", if_not_exists=True,
        )  # fmt: skip
        if warc is not None and warc.directory.exists():
            self._open_warc()  # cut what a killed ingester left half-written
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
        captures = [e for e in fresh if e.item.get("kind") == "capture"]
        written = self._write_captures(captures)
        items = [e for e in fresh if e.item.get("kind") != "capture"]
        ready, later = self._link(items, written, ids)
        self._store(ready, [e.id for e in captures], written)
        drain_outbox(self.archive.db, self.jsonl)
        done = [i for i in ids if i not in later]
        self.stream.ack(done)
        self.done.entries += len(done)
        return len(entries)

    # -- captures -------------------------------------------------------------------------------
    def _open_warc(self) -> None:
        assert self.warc is not None
        for name in self.warc.open():
            logger.warning(
                "WARC file left open by a killed ingester, cut back and closed: %s", name
            )
        self._warc_open = True

    def _write_captures(self, entries: list[Entry]) -> dict[str, Location]:
        """Write the captures of ``entries`` as WARC records and make them durable; returns
        their locations by key."""
        written: dict[str, Location] = {}
        if self.warc is None:
            return written
        for entry in entries:
            for record in entry.item.get("captures") or ():
                try:
                    key, exchange = read_capture(record)
                except (KeyError, TypeError, ValueError) as exc:
                    self.done.bad_captures += 1
                    logger.warning(
                        "capture in stream entry %s unreadable, skipped: %r", entry.id, exc
                    )
                    continue
                if not self._warc_open:
                    self._open_warc()
                where = self.warc.write(exchange)
                written[key] = (where.filename, where.offset, where.record_id)
                self.done.records += 1
        if written:
            # Closed (fsynced, renamed from .open) before any row naming it is committed: no
            # row ever names an .open file, even while a killed ingester waits for its restart.
            # The next batch's captures start a new file.
            self.warc.close()
        return written

    def _link(
        self, entries: list[Entry], written: dict[str, Location], batch: list[str]
    ) -> tuple[list[Entry], set[str]]:
        """Point each article, and each of its media files, at the record of the capture it
        names. Returns the entries ready to store, and the ids of those to leave in the stream
        for now: a capture they name is in an older entry still pending (read by a killed
        ingester), to be claimed first."""
        wanted = {key for e in entries for key in _capture_keys(e.item)}
        known = dict(written)
        missing = sorted(wanted - known.keys())
        for start in range(0, len(missing), 500):
            part = missing[start : start + 500]
            marks = ", ".join("?" for _ in part)
            for key, *where in self.archive.db.execute(
                "select key, warc_file, warc_offset, warc_record_id from ingested_captures"
                f" where key in ({marks})", part,
            ):  # fmt: skip
                known[key] = tuple(where)
        ready: list[Entry] = []
        later: set[str] = set()
        for entry in entries:
            item = entry.item
            waiting = not _capture_keys(item) <= known.keys() and self.warc is not None
            if waiting and self.stream.pending_before(entry.id, batch):
                later.add(entry.id)
                continue
            for holder in (item, *(item.get("media") or ())):
                key = holder.get("warc_record_id") if holder.get("warc_file") is None else None
                if key is None:
                    continue
                if key in known:
                    holder["warc_file"], holder["warc_offset"], holder["warc_record_id"] = known[
                        key
                    ]
                    continue
                if self.warc is not None:
                    self.done.unlinked += 1
                    logger.warning(
                        "%s: its capture never reached the stream; stored without a WARC link",
                        holder.get("url"),
                    )
                holder["warc_file"] = holder["warc_offset"] = holder["warc_record_id"] = None
            ready.append(entry)
        return ready, later

    # -- items ----------------------------------------------------------------------------------
    def _store(
        self, entries: list[Entry], captured: list[str], written: dict[str, Location]
    ) -> None:
        """Store the items of ``entries``; record them and the capture entries ``captured`` as
        ingested, and the locations ``written``, in the same transaction."""
        articles: list[dict[str, Any]] = []
        checks: list[dict[str, Any]] = []
        for entry in entries:
            item = dict(entry.item)
            kind = item.pop("kind", "article")
            if kind == "article":
                self.done.stats[item.get("site") or "?"][stat_keys.ARTICLE_LINKS] += 1
            site = item.get("site") or "?"
            self._run(site)
            self.done.stats[site][stat_keys.LISTING_PAGES] = 1  # a worker read the site's listings
            if kind == "check":
                checks.append(item)
                continue
            reason = intake.prepare(item, self._stats(item))
            if reason is not None:
                logger.warning("dropped stream entry %s: %s", entry.id, reason)
                continue
            articles.append(item)
        ids = [(i, now_iso()) for i in [e.id for e in entries] + captured]
        places = [(key, *where) for key, where in written.items()]

        def bookkeeping(db: Any) -> None:
            db.conn.executemany(
                "insert or ignore into ingested_entries(id, ingested_at) values (?, ?)", ids
            )
            db.conn.executemany(
                "insert or replace into ingested_captures"
                "(key, warc_file, warc_offset, warc_record_id) values (?, ?, ?, ?)", places,
            )  # fmt: skip

        try:
            intake.store(self.archive, articles, checks, stats=self._stats, then=bookkeeping)
        except sqlite3.Error:
            logger.exception("could not store %d entries; they stay in the stream", len(entries))
            raise

    def _stats(self, item: dict[str, Any]) -> intake.CounterStats:
        """The counters of the site an item or check belongs to."""
        return intake.CounterStats(self.done.stats[item.get("site") or "?"])

    def _run(self, site: str) -> None:
        if site not in self.runs:
            self.runs[site] = RunLog(self.archive, site)
            self.runs[site].start()

    def finish(self, reason: str = "finished") -> list[dict[str, Any]]:
        """Close the WARC file and every site's ``crawls`` row of this session, judged as ended
        for ``reason`` (``finished``; ``redis_data_lost`` fails them); returns the rows."""
        if self.warc is not None:
            self.warc.close()
        return [run.finish(dict(self.done.stats[site]), reason) for site, run in self.runs.items()]


def _capture_keys(item: dict[str, Any]) -> set[str]:
    """The capture keys an item names: its own, and its media files' (a worker leaves a key in
    ``warc_record_id`` with ``warc_file`` unset)."""
    return {
        holder["warc_record_id"]
        for holder in (item, *(item.get("media") or ()))
        if holder.get("warc_file") is None and holder.get("warc_record_id")
    }
