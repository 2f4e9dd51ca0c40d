"""A site's identity in the archive: which id its articles and runs are kept under, and moving
them from one id to another (``newscrawler sites rename OLD NEW``).

A portal first crawled with ``crawl --url URL`` is archived under the URL's slug
(:func:`newscrawler.profiles.url_site_id`); a profile written later names its own ``id``. Without
a rename the profile's first crawl would start a new site beside the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from newscrawler.profiles import SiteProfile, check_site_id, url_site_id


class RenameError(ValueError):
    """A rename that cannot be done (same ids, an invalid id, an unknown old id)."""


@dataclass(frozen=True)
class Renamed:
    """What a rename moved: rows per table with a ``site`` column, and whether the new id
    already had rows (a merge)."""

    old: str
    new: str
    rows: dict[str, int]
    merged: bool


def site_tables(db: sqlite_utils.Database) -> list[str]:
    """Tables (not views, not full-text shadow tables) with a ``site`` column, by name."""
    return sorted(
        name for name in db.table_names() if any(c.name == "site" for c in db[name].columns)
    )


def _rows_of(db: sqlite_utils.Database, site: str) -> int:
    return sum(
        db.execute(f"select count(*) from [{t}] where site = ?", [site]).fetchone()[0]
        for t in site_tables(db)
    )


def archived_elsewhere(db: sqlite_utils.Database, profile: SiteProfile) -> list[tuple[str, int]]:
    """Other site ids this profile's start URLs were archived under by ``crawl --url`` (the id
    derived from the URL, or one given with ``--id``: a site whose listing evidence was read from
    one of the start URLs), with how many articles each holds: ``[("news.a.edu-xwzx-xxyw",
    60)]``; empty when none."""
    if "articles" not in db.table_names():
        return []
    candidates = dict.fromkeys(url_site_id(u) for u in profile.start_urls)
    if "listing_evidence" in db.table_names() and profile.start_urls:
        marks = ", ".join("?" for _ in profile.start_urls)
        for (site,) in db.execute(
            f"select distinct site from listing_evidence where listing_url in ({marks})"
            " and site is not null order by site",
            list(profile.start_urls),
        ):
            candidates.setdefault(site)
    out = []
    for other in candidates:
        if other == profile.id:
            continue
        articles = db.execute("select count(*) from articles where site = ?", [other]).fetchone()
        runs = db.execute("select count(*) from crawls where site = ?", [other]).fetchone()
        if articles[0] or runs[0]:
            out.append((other, articles[0]))
    return out


def rename_site(db: sqlite_utils.Database, old: str, new: str) -> Renamed:
    """Move every row of site ``old`` to ``new`` in one transaction: each table with a ``site``
    column (articles, crawls...). When ``new`` already has rows the two merge (articles are
    keyed by URL, so none collide). JSON lines already written keep the id they were written
    with: the file is a log of what each crawl found.

    Raises :class:`RenameError` when the ids are equal, ``new`` is no valid id, or the archive
    holds nothing under ``old``."""
    if old == new:
        raise RenameError(f"{old!r} is already the site's id")
    try:
        check_site_id(new, "the new id")
    except ValueError as exc:
        raise RenameError(str(exc)) from None
    if not _rows_of(db, old):
        known = sorted(
            {row[0] for t in site_tables(db) for row in db.execute(f"select site from [{t}]")}
        )
        raise RenameError(
            f"no site {old!r} in the archive (sites there: {', '.join(known) or 'none yet'})"
        )
    merged = bool(_rows_of(db, new))
    rows: dict[str, int] = {}
    db.conn.execute("begin immediate")  # the archive's connection is in autocommit mode
    try:
        if "site_templates" in db.table_names():
            rows["site_templates"] = _move_templates(db, old, new)
        for table in site_tables(db):
            if table == "site_templates":
                continue
            cursor = db.execute(f"update [{table}] set site = ? where site = ?", [new, old])
            rows[table] = cursor.rowcount
        db.conn.execute("commit")
    except BaseException:
        db.conn.execute("rollback")
        raise
    return Renamed(old, new, rows, merged)


def _move_templates(db: sqlite_utils.Database, old: str, new: str) -> int:
    """Move ``old``'s learned templates to ``new``, numbered after ``new``'s own (both sites may
    hold a version 1), with the articles and versions extracted by each pointing at its new
    number and each document naming its new site and version. Returns how many moved."""
    from newscrawler.extraction.template import SiteTemplate

    offset = db.execute(
        "select ifnull(max(version), 0) from site_templates where site = ?", [new]
    ).fetchone()[0]
    moved = db.execute(
        "select version, document from site_templates where site = ? order by version desc",
        [old],
    ).fetchall()
    for version, document in moved:
        renumbered = int(version) + offset
        data = {**SiteTemplate.from_json(document).to_dict(), "site": new, "version": renumbered}
        db.execute(
            "update site_templates set site = ?, version = ?, document = ?"
            " where site = ? and version = ?",
            [new, renumbered, SiteTemplate.from_dict(data).to_json(), old, version],
        )
    if offset and moved:
        db.execute(
            "update article_versions set template_version = template_version + ?"
            " where template_version is not null"
            " and url in (select url from articles where site = ?)",
            [offset, old],
        )
        db.execute(
            "update articles set template_version = template_version + ?"
            " where template_version is not null and site = ?",
            [offset, old],
        )
    return len(moved)


def rename_job_dir(db_path: str | Path, old: str, new: str) -> bool:
    """Move a resumable crawl's queue (``<db>.jobs/OLD``) to the new id; False when there is
    none, or the new id already has one (the old queue is then left where it is)."""
    jobs = Path(f"{db_path}.jobs")
    source, target = jobs / old, jobs / new
    if not source.is_dir() or target.exists():
        return False
    source.rename(target)
    return True
