"""The SQLite archive: its one write path (:mod:`.store`), migrations, lock, search, JSON Lines
and the queries that read it."""

from __future__ import annotations

from datetime import datetime, timezone


def now_iso() -> str:
    """Current UTC time, ISO 8601 to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
