"""The SQLite archive: schema, numbered migrations and the read/write helpers every stage shares.

Pipelines write through :func:`open_archive`; exports, search and reports read through it too, so
an old archive is upgraded the first time any command opens it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from newscrawler import archive_migrations
from newscrawler.items import ITEM_KEYS

#: Item keys stored as JSON text.
JSON_COLUMNS = ("captions", "images", "credits", "topics", "extraction")

ARTICLE_COLUMNS = {
    "url": str,
    "site": str,
    "title": str,
    "body": str,
    "captions": str,
    "images": str,
    "credits": str,
    "topics": str,
    "published": str,
    "views": int,
    "language": str,
    "fetched_at": str,
    "content_hash": str,
    "extraction": str,
    "first_seen": str,
    "last_seen": str,
    "version": int,
    "gone_at": str,
    "etag": str,
    "last_modified": str,
}



def _m001_initial(db: sqlite_utils.Database) -> None:
    db["articles"].create(ARTICLE_COLUMNS, pk="url", if_not_exists=True)
    db["articles"].create_index(["site"], if_not_exists=True)
    db["articles"].create_index(["content_hash"], if_not_exists=True)
    db["articles"].create_index(["published"], if_not_exists=True)
    db["article_versions"].create(
        {
            "url": str,
            "version": int,
            "content_hash": str,
            "fetched_at": str,
            "title": str,
            "body": str,
            "captions": str,
            "images": str,
            "credits": str,
            "topics": str,
            "published": str,
            "language": str,
        },
        pk=("url", "version"),
        if_not_exists=True,
    )
    db["article_versions"].create_index(["url", "content_hash"], unique=True, if_not_exists=True)
    db["view_counts"].create(
        {"url": str, "fetched_at": str, "views": int}, pk=("url", "fetched_at"), if_not_exists=True
    )
    db["crawls"].create(
        {
            "id": int,
            "site": str,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "pages": int,
            "new": int,
            "changed": int,
            "unchanged": int,
            "gone": int,
            "dropped": int,
            "errors": int,
            "dropped_reasons": str,
            "error_reasons": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db["crawls"].create_index(["site", "started_at"], if_not_exists=True)
    if "articles_fts" not in db.table_names():
        db["articles"].enable_fts(["title", "body"], create_triggers=True, tokenize="unicode61")


def _m002_incremental(db: sqlite_utils.Database) -> None:
    """HTTP validators for conditional re-fetches, and the JSON Lines outbox.

    The outbox holds the JSON line of each new or changed article, written in the same transaction
    as the article, so the JSON Lines file can be brought up to date exactly once after a crash.
    """
    articles = db["articles"]
    for column in ("etag", "last_modified"):
        if column not in articles.columns_dict:
            articles.add_column(column, str)
    db["articles"].create_index(["site", "last_seen"], if_not_exists=True)
    db["jsonl_outbox"].create({"id": int, "line": str}, pk="id", if_not_exists=True)


#: Numbered schema migrations, applied in order, each once (recorded in ``_migrations``).
MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_initial", _m001_initial),
    ("002_incremental", _m002_incremental),
    ("101_cjk_search", archive_migrations.m101_cjk_search),
    ("102_views", archive_migrations.m102_views),
    ("103_export_cursors", archive_migrations.m103_export_cursors),
]


def now_iso() -> str:
    """Current UTC time, ISO 8601 to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply pending migrations; returns the names applied."""
    db["_migrations"].create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    done = {row["name"] for row in db["_migrations"].rows}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        with db.conn:
            step(db)
            db["_migrations"].insert({"name": name, "applied_at": now_iso()})
        applied.append(name)
    return applied


def open_archive(path: str | Path, *, create: bool = True) -> sqlite_utils.Database:
    """The archive at ``path`` in WAL mode, migrated to the current schema."""
    path = Path(path)
    if not create and not path.exists():
        raise FileNotFoundError(f"no archive at {path} (run a crawl first, or pass --db)")
    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA busy_timeout = 30000")
    db.enable_wal()
    db.conn.execute("PRAGMA synchronous = NORMAL")
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
    """One item as one JSON Lines line with the DESIGN §1 keys, in order."""
    return json.dumps({k: item.get(k) for k in ITEM_KEYS}, ensure_ascii=False) + "\n"


def item_to_row(item: dict[str, Any]) -> dict[str, Any]:
    """An item to ``articles`` columns (lists and maps as JSON text)."""
    row = {k: item.get(k) for k in ARTICLE_COLUMNS if k in item}
    for key in JSON_COLUMNS:
        if key in row and not isinstance(row[key], str):
            row[key] = json.dumps(row[key], ensure_ascii=False)
    return row
