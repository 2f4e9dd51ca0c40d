"""The archive's one write path, :class:`Archive`, and :func:`open_archive`, which every reader uses.

Everything that writes articles (the intake, behind the archive pipeline, the cluster's ingester
and ``reextract``) calls :meth:`Archive.store`; exports, search and reports read through
:func:`open_archive`, so an old archive is upgraded the first time any command opens it.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from newscrawler.archive import lock as archive_lock
from newscrawler.archive import now_iso
from newscrawler.archive.cjk import space_cjk
from newscrawler.archive.migrations import (
    ARTICLE_COLUMNS,
    MEDIA_COLUMNS,
    VERSION_COLUMNS,
    migrate,
)
from newscrawler.archive.search import index_pending, unindex
from newscrawler.extraction.template import SiteTemplate
from newscrawler.schema import (
    ITEM_KEYS,
    JSON_COLUMNS,
    KEPT_WHEN_EMPTY,
    LISTING_EVIDENCE_COLUMNS,
    PAGE_CHECK_COLUMNS,
    REFRESHED,
    REVISED_COLUMNS,
)

logger = logging.getLogger(__name__)

#: ``articles`` column -> SQLite type, from the schema.


def _space_cjk_or_null(text: str | None) -> str | None:
    return None if text is None else space_cjk(text)


#: Bytes per SQLite page of a new archive (an existing one keeps its own).
PAGE_SIZE = 32768


def open_archive(path: str | Path, *, create: bool = True) -> sqlite_utils.Database:
    """The archive at ``path`` in WAL mode, migrated to the current schema."""
    path = Path(path)
    if not create and not path.exists():
        raise FileNotFoundError(f"no archive at {path} (run a crawl first, or pass --db)")
    db = sqlite_utils.Database(path)
    db.conn.create_function("nc_space_cjk", 1, _space_cjk_or_null, deterministic=True)
    db.conn.execute("PRAGMA busy_timeout = 30000")
    # Applies only to a file not yet created: an article's row (about 3 KB of text and JSON) fits
    # once in a 4 KB page, leaving a quarter of it empty; a page holds whole rows, so the larger
    # the page the less is left over (16 KB: 10% of the table, 32 KB: 5%).
    db.conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    db.enable_wal()
    db.conn.execute("PRAGMA synchronous = NORMAL")
    # A big archive's indexes are keyed by random values (url, content_hash): keep their pages in
    # memory across batches (64 MB), and checkpoint the WAL in larger, more sequential steps.
    db.conn.execute("PRAGMA cache_size = -65536")
    db.conn.execute("PRAGMA wal_autocheckpoint = 10000")
    migrate(db)
    return db


def row_to_item(row: dict[str, Any]) -> dict[str, Any]:
    """An ``articles`` row back to the item shape (JSON columns decoded)."""
    out = dict(row)
    for key in JSON_COLUMNS:
        if isinstance(out.get(key), str):
            out[key] = json.loads(out[key])
    return out


def item_line(item: dict[str, Any]) -> str:
    """One item as one JSON Lines line with the item's keys (docs/design.md §4), in order."""
    return json.dumps({k: item.get(k) for k in ITEM_KEYS}, ensure_ascii=False) + "\n"


def extraction_json(steps: Any) -> str | None:
    """An item's ``extraction`` mapping as the JSON text ``extraction_steps`` holds (``None``
    for none); text is taken as already JSON."""
    if steps is None or isinstance(steps, str):
        return steps
    return json.dumps(steps, ensure_ascii=False)


def item_to_row(item: dict[str, Any]) -> dict[str, Any]:
    """An item to ``articles`` columns (lists and maps as JSON text)."""
    row = {k: item.get(k) for k in ARTICLE_COLUMNS if k in item}
    for key in JSON_COLUMNS:
        if key in row and not isinstance(row[key], str):
            row[key] = json.dumps(row[key], ensure_ascii=False)
    return row


# -- the write path ------------------------------------------------------------------------------

_UPSERT_COLUMNS = [c for c in ARTICLE_COLUMNS if c != "checked_at"]
UPSERT_ARTICLE = (
    f"insert into articles ({', '.join(_UPSERT_COLUMNS)})"
    f" values ({', '.join(':' + c for c in _UPSERT_COLUMNS)})"
    " on conflict(url) do update set "
    + ", ".join(f"{c} = excluded.{c}" for c in _UPSERT_COLUMNS if c not in ("url", "first_seen"))
)
#: Columns an unchanged article takes from the newest fetch: the item's (:data:`REFRESHED`) and
#: the id of its extraction steps.
_REFRESHED = (*REFRESHED, "extraction_id")
REFRESH_ARTICLE = (
    "update articles set "
    + ", ".join(
        f"{c} = coalesce(nullif(nullif(:{c}, ''), '[]'), {c})"
        if c in KEPT_WHEN_EMPTY
        else f"{c} = :{c}"
        for c in _REFRESHED
    )
    + ", last_seen = :fetched_at, checked_at = :fetched_at, gone_at = null where url = :url"
)
#: A fetched (or already archived) image or attachment of an article; a pair already recorded
#: keeps its first row.
INSERT_MEDIA = (
    f"insert or ignore into media ({', '.join(MEDIA_COLUMNS)})"
    f" values ({', '.join(':' + c for c in MEDIA_COLUMNS)})"
)
_CHECK_COLUMNS = [c.name for c in PAGE_CHECK_COLUMNS]
INSERT_CHECK = (
    f"insert into page_checks ({', '.join(_CHECK_COLUMNS)})"
    f" values ({', '.join(':' + c for c in _CHECK_COLUMNS)})"
)
_EVIDENCE_COLUMNS = [c.name for c in LISTING_EVIDENCE_COLUMNS]
#: A piece of listing evidence of an article; one already recorded (same url, source, title, date
#: and column) keeps its first row.
INSERT_EVIDENCE = (
    f"insert or ignore into listing_evidence ({', '.join(_EVIDENCE_COLUMNS)})"
    f" values ({', '.join(':' + c for c in _EVIDENCE_COLUMNS)})"
)
INSERT_VERSION = (
    f"insert into article_versions ({', '.join(VERSION_COLUMNS)})"
    f" values ({', '.join(':' + c for c in VERSION_COLUMNS)})"
)


def media_rows(article_url: str, media: Sequence[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """``media`` rows of one article from its item's ``media`` entries (``url`` is the media
    URL; missing members are NULL)."""
    return [
        {c: entry.get(c) for c in MEDIA_COLUMNS}
        | {"article_url": article_url, "media_url": entry["url"]}
        for entry in media or ()
    ]


def evidence_rows(
    url: str, site: str | None, seen_at: str, evidence: Sequence[Mapping[str, Any]] | None
) -> list[dict[str, Any]]:
    """``listing_evidence`` rows of the article ``url`` from an item's ``listing_evidence``
    entries (each a :meth:`ListingEvidence.to_dict` mapping; ``column`` is stored as
    ``column_name``), first seen at ``seen_at``."""
    return [
        {
            "url": url,
            "site": site,
            "source": entry.get("source") or "listing",
            "title": entry.get("title"),
            "published": entry.get("published"),
            "column_name": entry.get("column"),
            "listing_url": entry.get("listing_url"),
            "first_seen": seen_at,
        }  # fmt: skip
        for entry in evidence or ()
        if isinstance(entry, Mapping)
    ]


@dataclass
class Stored:
    """What one :meth:`Archive.store` call decided.

    ``statuses`` has one entry per article given, in order: ``new``, ``changed``, ``unchanged``
    or ``duplicate`` (the same content is archived under another URL; nothing stored but the
    alias). ``check_outcomes`` has one entry per page check given, in order: ``unchanged`` (a
    304), ``gone`` (a 404/410 of an article not gone before) or ``None`` (gone before).
    ``counts`` counts both.
    """

    statuses: list[str] = field(default_factory=list)
    check_outcomes: list[str | None] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


def _differs(row: Mapping[str, Any], current: Mapping[str, Any] | None) -> bool:
    """True when ``row`` (an item as columns) differs from the ``current`` version's content."""
    return current is not None and any(row.get(c) != current.get(c) for c in REVISED_COLUMNS)


def _check_row(fetch: Mapping[str, Any], status: int, outcome: str) -> dict[str, Any]:
    """A ``page_checks`` row for a re-fetch (an article's columns or a page check)."""
    return {
        "url": fetch["url"], "status": status, "outcome": outcome,
        "fetched_at": fetch["fetched_at"], "warc_file": fetch.get("warc_file"),
        "warc_offset": fetch.get("warc_offset"), "warc_record_id": fetch.get("warc_record_id"),
        "extractor_version": fetch.get("extractor_version") if status == 200 else None,
    }  # fmt: skip


def _template_body(template: SiteTemplate) -> str:
    """A template document without its version: what two learned templates are compared by."""
    return json.dumps({**template.to_dict(), "version": 0}, ensure_ascii=False, sort_keys=True)


def _in(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


class Archive:
    """An archive opened for writing; the one place the archive's write lock is taken.

    Example::

        with Archive.open("archive.db") as archive:
            stored = archive.store([item])      # item: a dict with the item keys (docs/design.md §4)
            stored.statuses                     # ["new"]

    ``open`` raises :class:`newscrawler.archive.lock.ArchiveBusy` when another process writes the
    archive. Several ``Archive`` objects in one process share the lock.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        archive_lock.acquire(self.path)
        try:
            self.db = open_archive(self.path)
        except BaseException:
            archive_lock.release(self.path)
            raise

    @classmethod
    def open(cls, path: str | Path) -> Archive:
        """The archive at ``path`` (created and migrated as needed), locked for writing.

        Rows another tool added or edited since the last write are made searchable (those rows
        only: triggers list them).
        """
        archive = cls(path)
        try:
            with archive.db.conn:
                index_pending(archive.db)
        except BaseException:
            archive.close()
            raise
        return archive

    def close(self) -> None:
        """Close the connection and give the lock back."""
        self.db.close()
        archive_lock.release(self.path)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def store(
        self,
        articles: Sequence[Mapping[str, Any]],
        checks: Sequence[Mapping[str, Any]] = (),
        *,
        then: Callable[[sqlite_utils.Database], None] | None = None,
        revised: bool = False,
    ) -> Stored:
        """Decide and write ``articles`` and page ``checks`` in one transaction.

        Each article is a mapping with the item keys, plus optionally ``extraction``,
        ``fetched_url`` (the URL as linked, kept as an alias), ``etag``, ``last_modified``,
        ``listing_evidence`` (a list of :meth:`ListingEvidence.to_dict` mappings: each new one is
        a ``listing_evidence`` row, under the archived article's URL also for a duplicate),
        ``template_version`` and ``template`` (the learned template's document, stored in
        ``site_templates``; see :meth:`_store_templates`). Each check is ``{"url", "status": 304 |
        404 | 410, "fetched_at"}`` plus, when the answer was captured, ``warc_file``,
        ``warc_offset`` and ``warc_record_id``, and its ``listing_evidence``. Every check, and
        every article fetched again (unchanged or changed, not ``revised``), gets a
        ``page_checks`` row naming its capture. Whether an article is
        new, changed, unchanged or a duplicate is decided inside the transaction, against
        everything committed so far. The JSON line of each new or changed article goes into
        ``jsonl_outbox`` in the same transaction. Raises ``sqlite3.Error`` when the batch cannot
        be written; then nothing of it is.

        ``then`` runs inside the transaction (a caller's own bookkeeping, committed with the
        batch). ``revised``: the articles are re-extractions of stored captures; one is
        ``changed`` when any content column differs from its current version (not only its
        hash), the version row says ``revision = reextract``, and an unchanged one refreshes
        nothing.
        """
        stored = Stored()
        with self.db.conn:
            if articles:
                self._write(articles, stored, revised)
            self._record_checks(checks, stored)
            if then is not None:  # the caller's own bookkeeping, committed with the batch
                then(self.db)
        return stored

    def _write(
        self, articles: Sequence[Mapping[str, Any]], stored: Stored, revised: bool = False
    ) -> None:
        rows = [item_to_row(dict(item)) for item in articles]
        self._store_templates(articles, rows)
        self._store_extraction_steps(articles, rows)
        current = self._current_versions(urls=[row["url"] for row in rows]) if revised else {}
        urls = [row["url"] for row in rows]
        hashes = [row["content_hash"] for row in rows]
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
        upserts, refreshes, versions, lines, views, aliases, checks = [], [], [], [], [], [], []
        media: list[dict[str, Any]] = []
        evidence: list[dict[str, Any]] = []
        for item, row in zip(articles, rows, strict=True):
            url, digest, fetched_url = row["url"], row["content_hash"], item.get("fetched_url")
            previous = known.get(url)
            if previous is None:
                owner = owners.get(digest)
                if owner is not None and owner != url:
                    # The same article under another URL: remember the URL (and what its listing
                    # said of the article), store nothing else.
                    evidence += evidence_rows(
                        owner, row.get("site"), row["fetched_at"], item.get("listing_evidence")
                    )
                    aliases += [(alias, owner) for alias in {url, fetched_url} - {None, owner}]
                    stored.statuses.append("duplicate")
                    stored.counts["duplicate"] += 1
                    logger.info("duplicate of %s: %s", owner, url)
                    continue
                status, version = "new", 1
                owners[digest] = url
            elif previous[0] == digest and not (revised and _differs(row, current.get(url))):
                status, version = "unchanged", previous[1]
            else:
                status, version = "changed", previous[1] + 1
            known[url] = (digest, version)
            media.extend(media_rows(url, item.get("media")))
            evidence += evidence_rows(
                url, row.get("site"), row["fetched_at"], item.get("listing_evidence")
            )
            stored.statuses.append(status)
            stored.counts[status] += 1
            if fetched_url and fetched_url != url:
                aliases.append((fetched_url, url))
            if row.get("views") is not None:
                views.append((url, row["fetched_at"], row["views"]))
            if previous is not None and not revised:  # a re-fetch of an archived article
                checks.append(_check_row(row, 200, status))
            if status == "unchanged":
                if not revised:  # a re-read of an old capture says nothing about the live page
                    refreshes.append(row)
                continue
            full = {c: row.get(c) for c in _UPSERT_COLUMNS}
            full.update(
                last_seen=row["fetched_at"], first_seen=row["fetched_at"], version=version,
                gone_at=None,
            )  # fmt: skip
            upserts.append(full)
            versions.append(
                {k: row.get(k) for k in VERSION_COLUMNS}
                | {"version": version, "revision": "reextract" if revised else "crawl"}
            )
            lines.append((item_line(dict(item)),))
        execute = self.db.conn.executemany
        unindex(self.db, [u["url"] for u in upserts if u["version"] > 1])
        execute(UPSERT_ARTICLE, upserts)
        execute(
            REFRESH_ARTICLE,
            [{c: r.get(c) for c in (*_REFRESHED, "url")} for r in refreshes],
        )
        execute(INSERT_VERSION, versions)
        execute(INSERT_MEDIA, media)
        execute(INSERT_EVIDENCE, evidence)
        execute(INSERT_CHECK, checks)
        execute("insert into jsonl_outbox(line) values (?)", lines)
        execute("insert or ignore into view_counts(url, fetched_at, views) values (?, ?, ?)", views)
        execute("insert or replace into article_aliases(url, article_url) values (?, ?)", aliases)
        index_pending(self.db)

    def _store_extraction_steps(
        self, articles: Sequence[Mapping[str, Any]], rows: list[dict[str, Any]]
    ) -> None:
        """Store each distinct ``extraction`` mapping of the articles once in
        ``extraction_steps`` (JSON, as :func:`extraction_json` writes it) and point each row's
        ``extraction_id`` at it; an article without one gets ``NULL``."""
        steps = [extraction_json(item.get("extraction")) for item in articles]
        distinct = sorted({s for s in steps if s is not None})
        if distinct:
            self.db.conn.executemany(
                "insert or ignore into extraction_steps(steps) values (?)", [(s,) for s in distinct]
            )
            ids = dict(
                self.db.execute(
                    f"select steps, id from extraction_steps where steps in ({_in(distinct)})",
                    distinct,
                ).fetchall()
            )
        else:
            ids = {}
        for row, step in zip(rows, steps, strict=True):
            row["extraction_id"] = ids.get(step)

    def store_template(self, template: SiteTemplate) -> int:
        """Store a learned template (``newscrawler template learn``) in its own transaction;
        returns the version it is stored as (an identical stored document keeps its version;
        see :meth:`_store_templates`)."""
        with self.db.conn:
            return self._template_version(template, _template_body(template))

    def _store_templates(
        self, articles: Sequence[Mapping[str, Any]], rows: list[dict[str, Any]]
    ) -> None:
        """Store the learned template documents the articles carry (key ``template``, a
        :meth:`SiteTemplate.to_dict` mapping) in ``site_templates``, once per distinct document,
        and point each row that names the document's version (``template_version``) at the
        version it is stored as.

        The archive numbers versions at write time, as it decides new and changed: a document
        already stored keeps its version; a new one takes the version it proposes, or the site's
        next one when that is taken (two crawls that learned apart). A document that is no
        template is logged and the article stored as extracted without one."""
        decided: dict[tuple[str, str], int] = {}
        # Read once per document object: a crawl's articles carry the one mapping it made.
        read: dict[int, tuple[SiteTemplate, tuple[str, str]]] = {}
        for item, row in zip(articles, rows, strict=True):
            document = item.get("template")
            if not document:
                continue
            if id(document) not in read:
                try:
                    template = SiteTemplate.from_dict(dict(document))
                except (TypeError, ValueError) as exc:
                    logger.warning("%s: unreadable template document, ignored: %s", row["url"], exc)
                    row["template_version"] = None
                    continue
                read[id(document)] = (template, (template.site, _template_body(template)))
            template, key = read[id(document)]
            if key not in decided:
                decided[key] = self._template_version(template, key[1])
            if row.get("template_version") == template.version:
                row["template_version"] = decided[key]

    def _template_version(self, template: SiteTemplate, body: str) -> int:
        """The version ``template`` (whose document apart from its version is ``body``) is
        stored as, inserting it when it is new."""
        taken = set()
        for version, document in self.db.execute(
            "select version, document from site_templates where site = ?", [template.site]
        ):
            if _template_body(SiteTemplate.from_json(document)) == body:
                return int(version)
            taken.add(int(version))
        version = template.version if template.version not in taken else max(taken) + 1
        stored = SiteTemplate.from_dict({**template.to_dict(), "version": version})
        self.db.execute(
            "insert into site_templates(site, version, document, learned_at, pages)"
            " values (?, ?, ?, ?, ?)",
            [template.site, version, stored.to_json(), now_iso(), len(template.learned_from)],
        )
        logger.info("stored template %s v%d", template.site, version)
        return version

    def _current_versions(self, urls: list[str]) -> dict[str, dict[str, Any]]:
        """The current ``article_versions`` row of each of ``urls`` that is archived."""
        return {
            row["url"]: row
            for row in self.db.query(
                "select v.* from article_versions v join articles a"
                f" on a.url = v.url and a.version = v.version where a.url in ({_in(urls)})",
                urls,
            )
        }

    def _record_checks(self, checks: Sequence[Mapping[str, Any]], stored: Stored) -> None:
        self.db.conn.executemany(
            INSERT_EVIDENCE,
            [
                row
                for c in checks
                for row in evidence_rows(
                    c["url"], c.get("site"), c["fetched_at"], c.get("listing_evidence")
                )
            ],
        )
        self.db.conn.executemany(
            INSERT_CHECK,
            [
                _check_row(c, c["status"], "unchanged" if c["status"] == 304 else "gone")
                for c in checks
            ],
        )
        for check in checks:
            at, url = check["fetched_at"], check["url"]
            if check["status"] == 304:
                self.db.execute(
                    "update articles set last_seen = ?, checked_at = ?, gone_at = null where url = ?",
                    [at, at, url],
                )
                stored.check_outcomes.append("unchanged")
                stored.counts["unchanged"] += 1
                continue
            gone = self.db.execute(
                "update articles set gone_at = ?, checked_at = ? where url = ? and gone_at is null",
                [at, at, url],
            ).rowcount
            if gone:
                stored.check_outcomes.append("gone")
                stored.counts["gone"] += 1
            else:  # gone before: only remember it was checked
                stored.check_outcomes.append(None)
                self.db.execute("update articles set checked_at = ? where url = ?", [at, url])
