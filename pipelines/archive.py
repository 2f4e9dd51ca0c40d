"""Storing articles in the SQLite archive: upsert by URL, a new version when content changes.

Items are buffered and written ``NEWSCRAWLER_BATCH_SIZE`` at a time, each batch in one short
transaction (WAL mode, so readers query while a crawl writes; a crash loses at most the open
batch, which the next run fetches again). Whether an article is new, changed, unchanged or the
same content as an archived article under another URL is decided *inside* that transaction,
against everything committed so far — so several crawls sharing an archive, in one process or
(one after another, see ``archive_lock``) in several, never count or store anything twice.

The JSON line of every new or changed article goes into ``jsonl_outbox`` in the same transaction;
after the commit the ``archive_committed`` signal tells the JSON Lines writer to drain it.
Re-checks without a new copy (``PageCheck``: 304, 404, 410) update ``checked_at`` or mark the
article gone — an archive never deletes. Each run gets a row in ``crawls`` with its counts.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

from newscrawler import archive_lock
from newscrawler.archive import (
    ARTICLE_COLUMNS,
    VERSION_COLUMNS,
    item_line,
    item_to_row,
    now_iso,
    open_archive,
)
from newscrawler.items import PageCheck
from newscrawler.schema import REFRESHED
from newscrawler.search import index_for_search

logger = logging.getLogger(__name__)

#: Sent after each committed batch.
archive_committed = object()


_UPSERT_COLUMNS = [c for c in ARTICLE_COLUMNS if c != "checked_at"]
UPSERT_ARTICLE = (
    f"insert into articles ({', '.join(_UPSERT_COLUMNS)})"
    f" values ({', '.join(':' + c for c in _UPSERT_COLUMNS)})"
    " on conflict(url) do update set "
    + ", ".join(f"{c} = excluded.{c}" for c in _UPSERT_COLUMNS if c not in ("url", "first_seen"))
)
REFRESH_ARTICLE = (
    "update articles set "
    + ", ".join(f"{c} = :{c}" for c in REFRESHED)
    + ", views = coalesce(:views, views), last_seen = :fetched_at, checked_at = :fetched_at,"
    " gone_at = null where url = :url"
)
INSERT_VERSION = (
    f"insert into article_versions ({', '.join(VERSION_COLUMNS)})"
    f" values ({', '.join(':' + c for c in VERSION_COLUMNS)})"
)


def stop_crawl(crawler: Crawler, reason: str) -> None:
    """Close the spider with ``reason`` (the run's status becomes ``failed: reason``)."""
    try:
        engine = crawler.engine
    except RuntimeError:  # pipelines driven without a running crawl (tests, benchmarks)
        return
    if engine.running:
        deferred_from_coro(engine.close_spider_async(reason=reason))


def _in(values: list[str]) -> str:
    return ", ".join("?" for _ in values)


class ArchivePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.db_path = crawler.settings.get("NEWSCRAWLER_DB")
        self.batch_size = crawler.settings.getint("NEWSCRAWLER_BATCH_SIZE", 100)
        self.pending: list[tuple[dict[str, Any], str | None, Any]] = []
        self.checks: list[dict[str, Any]] = []
        self.failure: str | None = None
        crawler.signals.connect(self._finished, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    # -- run bookkeeping ------------------------------------------------------------------------
    def open_spider(self) -> None:
        archive_lock.acquire(self.db_path)
        self.db = open_archive(self.db_path)
        self.site = getattr(self.crawler.spider, "site_id", self.crawler.spider.name)
        with self.db.conn:
            # We hold the archive lock: a run still 'running' was killed before it could finish.
            self.db.execute(
                "update crawls set status = 'interrupted' where status = 'running' and site = ?",
                [self.site],
            )
            self.crawl_id = (
                self.db["crawls"]
                .insert({"site": self.site, "started_at": now_iso(), "status": "running"})
                .last_pk
            )
            # Rows another tool added or edited since: searchable again.
            index_for_search(self.db)

    def close_spider(self) -> None:
        self.flush()

    def _finished(self, spider: Any, reason: str) -> None:
        stats = self.stats.get_stats()

        def grouped(prefix: str) -> dict[str, int]:
            return {k[len(prefix) :]: v for k, v in stats.items() if k.startswith(prefix)}

        errors, dropped = grouped("newscrawler/errors/"), grouped("newscrawler/dropped/")
        reason = self.failure or reason
        with self.db.conn:
            self.db["crawls"].update(
                self.crawl_id,
                {
                    "finished_at": now_iso(),
                    "status": "finished" if reason == "finished" else f"failed: {reason}",
                    "complete": int(
                        reason == "finished" and not stats.get("newscrawler/listings_incomplete")
                    ),
                    "pages": int(stats.get("response_received_count", 0)),
                    "new": int(stats.get("newscrawler/new", 0)),
                    "changed": int(stats.get("newscrawler/changed", 0)),
                    "unchanged": int(stats.get("newscrawler/unchanged", 0)),
                    "gone": int(stats.get("newscrawler/gone", 0)),
                    "dropped": int(stats.get("newscrawler/dropped", 0)),
                    "errors": sum(errors.values()),
                    "dropped_reasons": json.dumps(dropped, sort_keys=True),
                    "error_reasons": json.dumps(errors, sort_keys=True),
                },
            )
        self.db.close()
        archive_lock.release(self.db_path)

    # -- items ----------------------------------------------------------------------------------
    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageCheck):
            self.checks.append(dict(item))
        else:
            adapter = ItemAdapter(item)
            row = item_to_row(dict(adapter.items()))
            self.pending.append((row, adapter.get("fetched_url"), item))
        if len(self.pending) + len(self.checks) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        """Decide and write the buffered items in one transaction, then announce the commit.

        A batch that cannot be written (disk full, a locked or damaged archive) is rolled back,
        counted and logged, and the run ends as failed: its articles stay unknown, so the next
        run fetches them again.
        """
        if not self.pending and not self.checks:
            return
        batch, checks = self.pending, self.checks
        self.pending, self.checks = [], []
        decided: list[tuple[Any, str]] = []
        try:
            with self.db.conn:
                counts = self._write(batch, decided) + self._record_checks(checks)
        except sqlite3.Error as exc:
            logger.error("could not store %d items in %s: %s", len(batch), self.db_path, exc)
            self.stats.inc_value("newscrawler/errors/store_failed", len(batch) + len(checks))
            self._fail("store_failed")
            return
        for item, status in decided:
            ItemAdapter(item)["archive_status"] = status
        for status, count in counts.items():
            self.stats.inc_value(f"newscrawler/{status}", count)
        self.crawler.signals.send_catch_log(signal=archive_committed)

    def _fail(self, reason: str) -> None:
        """Record why the run failed and stop it: going on would only fail again."""
        if self.failure is None:
            self.failure = reason
            stop_crawl(self.crawler, reason)

    def _write(
        self, batch: list[tuple[dict[str, Any], str | None, Any]], decided: list[tuple[Any, str]]
    ) -> Counter[str]:
        """Write ``batch``; what was decided per item is appended to ``decided``."""
        urls = [row["url"] for row, _, _ in batch]
        hashes = [row["content_hash"] for row, _, _ in batch]
        known = {
            url: (digest, version)
            for url, digest, version in self.db.execute(
                f"select url, content_hash, version from articles where url in ({_in(urls)})", urls
            )
        }
        owners = dict(
            self.db.execute(
                f"select content_hash, min(url) from articles where content_hash in ({_in(hashes)})"
                " group by content_hash",
                hashes,
            ).fetchall()
        )
        counts: Counter[str] = Counter()
        upserts, refreshes, versions, lines, views, aliases = [], [], [], [], [], []
        for row, fetched_url, item in batch:
            url, digest = row["url"], row["content_hash"]
            previous = known.get(url)
            if previous is None:
                owner = owners.get(digest)
                if owner is not None and owner != url:
                    # The same article under another URL: remember the URL, store nothing.
                    aliases += [(alias, owner) for alias in {url, fetched_url} - {None, owner}]
                    counts["dropped"] += 1
                    counts["dropped/duplicate_content"] += 1
                    logger.info("duplicate of %s: %s", owner, url)
                    continue
                status, version = "new", 1
                owners[digest] = url
            elif previous[0] == digest:
                status, version = "unchanged", previous[1]
            else:
                status, version = "changed", previous[1] + 1
            known[url] = (digest, version)
            decided.append((item, status))
            counts[status] += 1
            if fetched_url and fetched_url != url:
                aliases.append((fetched_url, url))
            if row.get("views") is not None:
                views.append((url, row["fetched_at"], row["views"]))
            if status == "unchanged":
                refreshes.append(row)
                continue
            full = {c: row.get(c) for c in _UPSERT_COLUMNS}
            full.update(
                last_seen=row["fetched_at"], first_seen=row["fetched_at"], version=version,
                gone_at=None,
            )  # fmt: skip
            upserts.append(full)
            versions.append({k: row.get(k) for k in VERSION_COLUMNS} | {"version": version})
            lines.append((item_line(dict(item)),))
        execute = self.db.conn.executemany
        execute(UPSERT_ARTICLE, upserts)
        execute(
            REFRESH_ARTICLE,
            [{c: r.get(c) for c in (*REFRESHED, "views", "url")} for r in refreshes],
        )
        execute(INSERT_VERSION, versions)
        execute("insert into jsonl_outbox(line) values (?)", lines)
        execute("insert or ignore into view_counts(url, fetched_at, views) values (?, ?, ?)", views)
        execute("insert or replace into article_aliases(url, article_url) values (?, ?)", aliases)
        index_for_search(self.db, [u["url"] for u in upserts])
        return counts

    def _record_checks(self, checks: list[dict[str, Any]]) -> Counter[str]:
        counts: Counter[str] = Counter()
        for check in checks:
            at, url = check["fetched_at"], check["url"]
            if check["status"] == 304:
                self.db.execute(
                    "update articles set last_seen = ?, checked_at = ?, gone_at = null where url = ?",
                    [at, at, url],
                )
                counts["unchanged"] += 1
                continue
            gone = self.db.execute(
                "update articles set gone_at = ?, checked_at = ? where url = ? and gone_at is null",
                [at, at, url],
            ).rowcount
            if gone:
                counts["gone"] += 1
            else:  # gone before: only remember it was checked
                self.db.execute("update articles set checked_at = ? where url = ?", [at, url])
        return counts
