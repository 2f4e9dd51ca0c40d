"""What the archive already holds, as the spider needs it to crawl incrementally.

Looked up per URL (an indexed primary-key read) rather than loaded up front, so memory stays flat
however large the archive grows. Read-only: the spider never writes the archive.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from newscrawler.archive.queries import ARTICLE_URL
from newscrawler.archive.templates import stored_evidence, stored_template
from newscrawler.extraction.evidence import ListingEvidence
from newscrawler.extraction.template import SiteTemplate


@dataclass(frozen=True)
class Known:
    url: str  # the archived article's URL (differs from the one asked for when that is an alias)
    last_seen: str  # when the article was last confirmed: fetched, or re-checked
    etag: str | None
    last_modified: str | None
    gone_at: str | None

    def due(self, recheck_after: int, now: datetime) -> bool:
        """True when the article was last confirmed longer ago than ``recheck_after`` seconds."""
        seen = datetime.fromisoformat(self.last_seen)
        return now - seen >= timedelta(seconds=recheck_after)


_COLUMNS = "a.url, max(a.last_seen, coalesce(a.checked_at, '')), a.etag, a.last_modified, a.gone_at"
_LOOKUP = f"select {_COLUMNS} from articles a where a.url = ({ARTICLE_URL})"


class KnownArticles:
    def __init__(self, db_path: str | Path | None) -> None:
        """``db_path`` empty or ``None``: no archive (a cluster worker), nothing is known."""
        path = Path(db_path) if db_path else None
        self.conn = (
            sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
            if path is not None and path.is_file()
            else None
        )

    def get(self, url: str) -> Known | None:
        """The archived state of ``url``, or None for an article never stored."""
        if self.conn is None:
            return None
        try:
            row = self.conn.execute(_LOOKUP, {"url": url}).fetchone()
        except sqlite3.OperationalError:  # an archive from before these columns
            return None
        return Known(*row) if row else None

    def evidence(self, url: str) -> tuple[ListingEvidence, ...]:
        """The listing evidence the archive holds of article ``url`` (none for an unknown one)."""
        if self.conn is None:
            return ()
        try:
            return stored_evidence(self.conn, url)
        except sqlite3.OperationalError:  # an archive from before listing_evidence
            return ()

    def template(self, site: str) -> SiteTemplate | None:
        """The newest stored template of ``site``, or None (none learned, or no archive)."""
        return stored_template(self.conn, site) if self.conn is not None else None

    def media(self, url: str) -> dict[str, Any] | None:
        """The archived facts of media file ``url`` (``mime``, ``bytes``, ``sha256``,
        ``fetched_at``, ``warc_file``, ``warc_offset``, ``warc_record_id``), or None when no
        article's row names it."""
        if self.conn is None:
            return None
        try:
            cursor = self.conn.execute(
                "select mime, bytes, sha256, fetched_at, warc_file, warc_offset, warc_record_id"
                " from media where media_url = ? limit 1",
                [url],
            )
        except sqlite3.OperationalError:  # an archive from before the media table
            return None
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None

    def unfetched(self, site: str) -> list[str]:
        """URLs of the site's archived articles whose ``unfetched`` names something an earlier
        run could not fetch (their view counter, media), oldest first."""
        if self.conn is None:
            return []
        try:
            rows = self.conn.execute(
                "select url from articles where site = ? and unfetched is not null"
                " and unfetched not in ('', '[]') and gone_at is null order by last_seen",
                [site],
            ).fetchall()
        except sqlite3.OperationalError:  # an archive from before the column
            return []
        return [row[0] for row in rows]

    def has_site(self, site: str) -> bool:
        """True when the archive holds at least one article of ``site``."""
        if self.conn is None:
            return False
        try:
            row = self.conn.execute("select 1 from articles where site = ? limit 1", [site])
            return row.fetchone() is not None
        except sqlite3.OperationalError:  # no articles table yet
            return False

    def last_run_incomplete(self, site: str) -> bool:
        """True when the site's latest crawl did not walk all it meant to: killed, failed, or a
        listing page that could not be read. The next run then walks every listing page."""
        if self.conn is None:
            return False
        try:
            row = self.conn.execute(
                "select complete from crawls where site = ? order by id desc limit 1", [site]
            ).fetchone()
        except sqlite3.OperationalError:  # an archive from before run completeness was kept
            return False
        return bool(row) and not row[0]

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
