"""A big archive made fast: N filler articles, without crawling them.

Rows go into a bare ``articles`` table first (``executemany``, no indexes or triggers), then
:func:`newscrawler.archive.store.open_archive` migrates the file: every migration indexes existing rows
in bulk (as it must for a real archive made before it), which is far faster than firing the
full-text triggers row by row. The result is an ordinary archive, cached by size and schema so
later runs copy it instead of rebuilding it.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from newscrawler.archive.migrations import ARTICLE_COLUMNS, MIGRATIONS, VERSION_COLUMNS
from newscrawler.archive.store import open_archive

FETCHED = "2020-01-01T00:00:00+00:00"


def _rows(n: int) -> Iterator[dict[str, object]]:
    for i in range(n):
        url = f"https://old.example.edu/news/{i}.htm"
        yield {
            "url": url,
            "site": "old.example.edu",
            "title": f"Archived headline {i}",
            "body": f"Archived article {i}. Students and staff met to discuss the laboratory.",
            "captions": "[]",
            "images": "[]",
            "credits": "[]",
            "topics": '["News"]',
            "published": f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}",
            "views": i % 997,
            "language": "en",
            "fetched_at": FETCHED,
            "content_hash": hashlib.sha256(url.encode()).hexdigest(),
            "extraction": "{}",
            "first_seen": FETCHED,
            "last_seen": FETCHED,
            "version": 1,
            "gone_at": None,
        }


def _cache_name(n: int) -> str:
    schema = hashlib.sha1(",".join(name for name, _ in MIGRATIONS).encode()).hexdigest()[:8]
    return f"archive-{n}-{schema}.db"


def build(path: Path, n: int) -> None:
    """Write an archive of ``n`` filler articles (one version each) at ``path``."""
    columns = list(ARTICLE_COLUMNS)
    bare = sqlite_utils.Database(path)
    bare["articles"].create(ARTICLE_COLUMNS, pk="url")
    with bare.conn:
        bare.conn.executemany(
            f"insert into articles values ({', '.join('?' * len(columns))})",
            (tuple(row.get(c) for c in columns) for row in _rows(n)),
        )
    bare.close()
    db = open_archive(path)  # creates the other tables, indexes and full-text indexes in bulk
    with db.conn:
        db.conn.executemany(
            f"insert into article_versions ({', '.join(VERSION_COLUMNS)}) values"
            f" ({', '.join('?' * len(VERSION_COLUMNS))})",
            (tuple(row.get(c) for c in VERSION_COLUMNS) for row in _rows(n)),
        )
    db.execute("pragma wal_checkpoint(truncate)")
    db.close()


def archive_with(n: int, destination: Path, cache: Path) -> Path:
    """A fresh copy of the cached ``n``-article archive at ``destination`` (built if needed)."""
    cached = cache / _cache_name(n)
    if not cached.exists():
        cache.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        build(partial, n)
        partial.rename(cached)
    shutil.copyfile(cached, destination)
    return destination
