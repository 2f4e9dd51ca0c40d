"""What the archive already holds, as the spider needs it to crawl incrementally.

Looked up per URL (an indexed primary-key read) rather than loaded up front, so memory stays flat
however large the archive grows. Read-only: the spider never writes the archive.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path


@dataclass(frozen=True)
class Known:
    url: str
    last_seen: str
    etag: str | None
    last_modified: str | None
    gone_at: str | None

    def due(self, recheck_after: int, now: datetime) -> bool:
        """True when the article was last confirmed longer ago than ``recheck_after`` seconds."""
        seen = datetime.fromisoformat(self.last_seen)
        return now - seen >= timedelta(seconds=recheck_after)


class KnownArticles:
    def __init__(self, db_path: str | Path) -> None:
        path = Path(db_path)
        self.conn = (
            sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True) if path.exists() else None
        )

    def get(self, url: str) -> Known | None:
        """The archived state of ``url``, or None for an article never stored."""
        if self.conn is None:
            return None
        try:
            row = self.conn.execute(
                "select url, last_seen, etag, last_modified, gone_at from articles where url = ?",
                [url],
            ).fetchone()
        except sqlite3.OperationalError:  # an archive from before the etag columns
            return None
        return Known(*row) if row else None

    def last_run_interrupted(self, site: str) -> bool:
        """True when the site's latest crawl never finished (killed, or still marked running)."""
        if self.conn is None:
            return False
        row = self.conn.execute(
            "select status from crawls where site = ? order by id desc limit 1", [site]
        ).fetchone()
        return bool(row) and row[0] in ("running", "interrupted")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
