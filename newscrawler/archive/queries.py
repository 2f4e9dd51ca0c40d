"""The reads the command line makes of the archive, each one query named for what it answers.

Every function takes an open archive (:func:`newscrawler.archive.store.open_archive`) and returns
plain rows (``dict`` of column -> value); the commands only print them. An article is found by its
URL or by any URL it was archived under before (``article_aliases``), with :data:`ARTICLE_URL`,
the one alias lookup (the spider's incremental check, :mod:`newscrawler.archive.known`, uses it
too).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlite_utils

from newscrawler.archive.store import row_to_item

#: SQL: the archived URL of the article at ``:url``, itself or the article it is an alias of.
ARTICLE_URL = (
    "select a.url from articles a where a.url = :url"
    " union all select al.article_url from article_aliases al where al.url = :url limit 1"
)


def article_with_versions(
    db: sqlite_utils.Database, url: str
) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The article at ``url`` (or an alias of it) and its versions, oldest first, both in the
    item's shape (JSON columns decoded); ``None`` when the archive does not hold it."""
    row = db.execute(ARTICLE_URL, {"url": url}).fetchone()
    if row is None:
        return None
    article = row_to_item(next(db.query("select * from articles where url = ?", [row[0]])))
    versions = [
        row_to_item(v)
        for v in db.query("select * from article_versions where url = ? order by version", [row[0]])
    ]
    return article, versions


def site_ids(db: sqlite_utils.Database) -> set[str]:
    """Every site id the archive has crawled (``crawls``) or stored articles under."""
    return {row[0] for row in db.execute("select site from crawls union select site from articles")}


def recent_runs(
    db: sqlite_utils.Database, sites: Sequence[str], limit: int
) -> list[dict[str, Any]]:
    """The newest ``limit`` rows of ``crawls``, newest first, of ``sites`` (all when empty)."""
    where = f"where site in ({', '.join('?' for _ in sites)})" if sites else ""
    return list(db.query(f"select * from crawls {where} order by id desc limit ?", [*sites, limit]))


def site_template(
    db: sqlite_utils.Database, site: str, version: int | None
) -> dict[str, Any] | None:
    """The ``site_templates`` row of ``site`` at ``version`` (the newest when ``None``), or
    ``None`` when there is none."""
    query = "select * from site_templates where site = ?"
    params: list[Any] = [site]
    if version is not None:
        query += " and version = ?"
        params.append(version)
    rows = list(db.query(query + " order by version desc limit 1", params))
    return rows[0] if rows else None
