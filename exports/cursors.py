"""Named export cursors: a nightly job exports only what is new or changed since its last run.

A cursor stores the newest version rowid the export saw (of the table behind the
``article_versions`` view, whose rowids migration 340 kept). Rowids only grow and every
new or changed article gets a new version row, so "after this rowid" is exactly "stored since",
immune to clock skew between crawl hosts.
"""

from __future__ import annotations

import sqlite_utils

from newscrawler.archive import now_iso


def position(db: sqlite_utils.Database, name: str) -> int | None:
    """Where the export named ``name`` stopped, or ``None`` before its first run."""
    found = db.execute("select position from export_cursors where name = ?", [name]).fetchone()
    return found[0] if found else None


def save(db: sqlite_utils.Database, name: str, at: int, articles: int) -> None:
    """Record that the export ``name`` has written everything up to ``at``."""
    with db.conn:
        db["export_cursors"].upsert(
            {"name": name, "position": at, "exported_at": now_iso(), "articles": articles},
            pk="name",
        )
