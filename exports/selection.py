"""Which articles an export contains, streamed in a stable order (by URL).

Filters become one SQL ``WHERE``; rows come from a lazily iterated cursor, so memory does not grow
with the archive. ``changed_at`` and the cursor position come from the article's current version row, read from the
table behind the ``article_versions`` view (the crawl pipeline writes one per new or changed
content; the rowid is the table's).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils
from newscrawler.exports.columns import FIELDS, LIST_COLUMNS

from newscrawler.archive.migrations import VERSIONS_DATA
from newscrawler.schema import Place

_FROM = f"""
    from articles a
    left join {VERSIONS_DATA} cv on cv.url = a.url and cv.version = a.version
"""
_CHANGED_AT = "coalesce(cv.fetched_at, a.first_seen, a.fetched_at)"
#: Export columns the archive does not store -> the SQL that computes them.
_COMPUTED = {"changed_at": _CHANGED_AT}
_SELECT = {
    name: f"a.{name}" if field.at(Place.ARTICLES) else _COMPUTED[name]
    for name, field in FIELDS.items()
}


#: The last and first day an article's ``published`` may mean (``YYYY-MM-DD`` text): the day
#: itself, or for a month-only date (``1998-03``) the ends of the month (``-31`` compares as
#: the month's last day whatever its length).
_PUBLISHED_ENDING = (
    "(case when length(a.published) = 7 then a.published || '-31'"
    " else substr(a.published, 1, 10) end)"
)
_PUBLISHED_STARTING = (
    "(case when length(a.published) = 7 then a.published || '-01'"
    " else substr(a.published, 1, 10) end)"
)


@dataclass(frozen=True)
class Selection:
    """Export filters; all given ones must hold. Empty tuples and ``None`` mean "any"."""

    sites: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    #: Published on or after / on or before this date (``YYYY-MM-DD``, inclusive). An article
    #: dated to the month only (``1998-03``) is in the range when its month overlaps it.
    since: str | None = None
    until: str | None = None
    #: New or changed at or after this UTC ISO 8601 time.
    changed_since: str | None = None
    #: Only articles whose current version was stored after this ``article_versions`` rowid.
    after_position: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.sites:
            clauses.append(f"a.site in ({_marks(self.sites)})")
            params.extend(self.sites)
        if self.topics:
            clauses.append(
                f"exists (select 1 from json_each(coalesce(a.topics, '[]')) t"
                f" where t.value in ({_marks(self.topics)}))"
            )
            params.extend(self.topics)
        if self.since:
            clauses.append(f"{_PUBLISHED_ENDING} >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{_PUBLISHED_STARTING} <= ?")
            params.append(self.until)
        if self.changed_since:
            clauses.append(f"{_CHANGED_AT} >= ?")
            params.append(self.changed_since)
        if self.after_position is not None:
            clauses.append("cv.rowid > ?")
            params.append(self.after_position)
        return (" where " + " and ".join(clauses)) if clauses else "", params


def urls_query(selection: Selection) -> tuple[str, list[Any]]:
    """SQL selecting the URLs of the articles ``selection`` holds, and its parameters."""
    where, params = selection.where()
    return f"select a.url {_FROM} {where}", params


def _marks(values: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in values)


def count(db: sqlite_utils.Database, selection: Selection) -> int:
    """How many articles the selection holds (for the progress bar)."""
    where, params = selection.where()
    return db.execute(f"select count(*) {_FROM} {where}", params).fetchone()[0]


def rows(db: sqlite_utils.Database, selection: Selection) -> Iterator[dict[str, Any]]:
    """The selected articles as dicts of the export columns (:data:`newscrawler.exports.columns.COLUMNS`),
    list columns decoded, ordered by URL."""
    where, params = selection.where()
    columns = ", ".join(f"{expr} as {name}" for name, expr in _SELECT.items())
    cursor = db.execute(f"select {columns} {_FROM} {where} order by a.url", params)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        for key in LIST_COLUMNS:
            row[key] = json.loads(row[key]) if row[key] else []
        yield row


def last_position(db: sqlite_utils.Database) -> int:
    """The newest version rowid: where a cursor stands after this export."""
    return db.execute(f"select coalesce(max(rowid), 0) from {VERSIONS_DATA}").fetchone()[0]
