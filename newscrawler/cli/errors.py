"""One way for a command to fail on bad input: one line saying what is wrong and what to do,
exit code 2, no traceback — and before anything is written.

Commands raise :class:`UserError` (or let the library's ``ProfileError``, ``QueryError`` and
SQLite's ``DatabaseError`` through: :class:`Group` turns those into a ``UserError``). The archive checks
below run before a command opens, creates or locks anything.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
import sqlite_utils

from newscrawler.archive.queries import site_ids
from newscrawler.archive.search import QueryError
from newscrawler.archive.store import open_archive
from newscrawler.config import ConfigError
from newscrawler.profiles import ProfileError, SiteProfile, load_profile

_SQLITE_MAGIC = b"SQLite format 3\x00"


class UserError(click.ClickException):
    """Bad input the user can fix: printed as ``Error: MESSAGE`` with exit code 2."""

    exit_code = 2


class Group(click.Group):
    """A command group whose commands fail on bad input with a :class:`UserError`."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ProfileError, QueryError, ConfigError) as exc:
            raise UserError(str(exc)) from None
        except sqlite3.OperationalError as exc:
            if _is_storage_failure(exc):  # the machine's fault, not the input's: exit 1
                raise click.ClickException(
                    f"the archive could not be written: {exc} (free space on its disk, or make"
                    " it writable, and run again)"
                ) from None
            raise UserError(
                f"the archive cannot be used: {exc} (check --db names a newscrawler archive; "
                "restore a damaged one from a backup)"
            ) from None
        except sqlite3.DatabaseError as exc:
            raise UserError(
                f"the archive cannot be used: {exc} (check --db names a newscrawler archive; "
                "restore a damaged one from a backup)"
            ) from None


#: SQLite's primary result codes of storage that failed under it: SQLITE_READONLY,
#: SQLITE_IOERR, SQLITE_FULL (https://sqlite.org/rescode.html).
_STORAGE_FAILURES = {8, 10, 13}


def _is_storage_failure(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _STORAGE_FAILURES


def check_archive(db: str | Path, *, write: bool) -> Path:
    """``db`` as a Path when it is a usable archive file, else UserError.

    Usable: an existing, whole SQLite file that newscrawler may write to (it keeps a WAL journal
    beside it even when only reading); with ``write``, also a new file in an existing, writable
    folder. Only the file's header is read: nothing is created or changed.
    """
    path = Path(db)
    if path.is_dir():
        raise UserError(f"--db {path} is a folder: give a file, e.g. --db {path / 'archive.db'}")
    folder = path.parent
    if not path.exists():
        if not write:
            raise UserError(f"no archive at {path}: run a crawl first, or pass --db")
        _check_writable_folder(folder, f"cannot create the archive {path}")
        return path
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise UserError(f"cannot read the archive {path}: {exc.strerror}") from None
    if header and not (header.startswith(_SQLITE_MAGIC) or _SQLITE_MAGIC.startswith(header)):
        raise UserError(
            f"{path} is not a SQLite archive: pass --db with a newscrawler archive, "
            "or a new file name to start one"
        )
    expected = _expected_size(header)
    size = path.stat().st_size
    # A checkpoint a full disk cut short leaves the file shorter than its header says; the WAL
    # journal beside it still holds every page, and SQLite reads them from there.
    wal = Path(f"{path}-wal")
    if wal.is_file() and wal.stat().st_size:
        expected = 0
    if header and (len(header) < 100 or size < expected):
        raise UserError(
            f"{path} is truncated ({size} bytes, its header says {max(expected, 100)}): "
            "restore it from a backup, or pass another --db"
        )
    if not (os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)):
        raise UserError(
            f"{path} is read-only: newscrawler writes to the archive and keeps its journal in "
            f"its folder; make both writable, or work on a copy (cp {path} copy.db)"
        )
    return path


def check_output_file(path: str | Path, option: str) -> Path:
    """``path`` as a Path when a file can be written there (its folder exists and is writable),
    else UserError naming ``option``."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{option} {path} is a folder: give a file name")
    if path.exists():
        if not os.access(path, os.W_OK):
            raise UserError(f"{option} {path} is read-only: make it writable, or pass another")
        return path
    _check_writable_folder(path.parent, f"cannot create {option} {path}")
    return path


def check_url_site_id(crawl: SiteProfile, own: Sequence[str | Path] | None, remedy: str) -> None:
    """UserError when a ``--url`` portal's derived site id is the id of a profile that starts
    elsewhere: its runs and articles would join that site's history (a run of other pages would
    count as the profile's crawl for ``--due``). ``add`` names a profile after a site's host as
    ``--url`` names a portal after its host and path, so a home page's two ids meet. ``remedy``
    says what to do instead."""
    try:
        profile = load_profile(crawl.id, own=own)
    except ProfileError:
        return
    if set(profile.start_urls) != set(crawl.start_urls):
        raise UserError(
            f"--url gives site id {crawl.id}, the id of the profile {profile.source}, which"
            f" starts at {', '.join(profile.start_urls)}: this would join that site's runs and"
            f" articles. {remedy}"
        )


def _check_writable_folder(folder: Path, what: str) -> None:
    if not folder.is_dir():
        raise UserError(f"{what}: folder {folder} does not exist (create it, or choose another)")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"{what}: folder {folder} is not writable (choose another)")


def _expected_size(header: bytes) -> int:
    """Bytes a SQLite file must have by its header (0 when the header does not say)."""
    if len(header) < 100:
        return 0
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    size_is_valid = header[92:96] == header[24:28]  # "version-valid-for" == change counter
    return page_size * pages if size_is_valid else 0


def open_existing(db: str | Path, sites: Sequence[str] = ()) -> sqlite_utils.Database:
    """The archive at ``db`` once :func:`check_archive` found it usable, else UserError; also
    UserError (the archive closed again) when one of ``sites`` names no site the archive has
    crawled or stored."""
    archive = open_archive(check_archive(db, write=False), create=False)
    if not sites:
        return archive
    known = site_ids(archive)
    unknown = [s for s in sites if s not in known]
    if unknown:
        archive.close()
        listed = ", ".join(sorted(known)) or "none yet"
        raise UserError(
            f"no site {', '.join(map(repr, unknown))} in {db} (sites there: {listed}); "
            "`newscrawler runs` shows what was crawled"
        )
    return archive
