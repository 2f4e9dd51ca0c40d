"""The JSON Lines file: one line per new or changed article, exactly once, never half-written.

:meth:`newscrawler.archive.store.Archive.store` puts each line into the ``jsonl_outbox`` table in the
same transaction as its article. :func:`drain_outbox` appends the outbox to the file (one
``write``, then ``fsync``) and only then empties the outbox. After a crash anywhere in between,
the next drain first cuts a partial last line, then appends exactly the outbox lines the file does
not already end with. A drain that fails leaves the outbox as it was, to be retried.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils


@dataclass(frozen=True)
class Drained:
    written: int  # lines appended
    recovered: int  # outbox lines the file already had (a crash after the write)
    repaired: bool  # a partial last line was cut


def repair_partial_line(path: Path) -> bool:
    """Cut a trailing incomplete line (a crash mid-write); True if something was cut."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    with path.open("rb+") as fh:
        fh.seek(-1, os.SEEK_END)
        if fh.read(1) == b"\n":
            return False
        pos = fh.seek(0, os.SEEK_END)
        while pos > 0:
            start = max(0, pos - (1 << 16))
            fh.seek(start)
            cut = fh.read(pos - start).rfind(b"\n")
            if cut >= 0:
                fh.truncate(start + cut + 1)
                return True
            pos = start
        fh.truncate(0)
        return True


def last_lines(path: Path, count: int) -> list[str]:
    """The last ``count`` complete lines of ``path`` (fewer if the file is shorter)."""
    if count <= 0 or not path.exists():
        return []
    with path.open("rb") as fh:
        end = fh.seek(0, os.SEEK_END)
        pos, data = end, b""
        while pos > 0 and data.count(b"\n") <= count:
            start = max(0, pos - (1 << 16))
            fh.seek(start)
            data = fh.read(pos - start) + data
            pos = start
    lines = [line + "\n" for line in data.decode("utf-8", errors="replace").split("\n")[:-1]]
    return lines[-count:]


def already_written(tail: list[str], pending: list[str]) -> int:
    """How many of ``pending`` (in order) the file already ends with."""
    for n in range(min(len(tail), len(pending)), 0, -1):
        if tail[-n:] == pending[:n]:
            return n
    return 0


def drain_outbox(db: sqlite_utils.Database, path: str | Path) -> Drained:
    """Append the outbox's lines the file at ``path`` does not already end with, then empty the
    outbox. Raises ``OSError`` (the file cannot be written) or ``sqlite3.Error``; the outbox then
    keeps its lines. Checking the file's tail every time makes a retry harmless."""
    path = Path(path)
    rows = db.execute("select id, line from jsonl_outbox order by id").fetchall()
    if not rows:
        return Drained(0, 0, False)
    path.parent.mkdir(parents=True, exist_ok=True)
    repaired = repair_partial_line(path)
    lines = [line for _id, line in rows]
    skip = already_written(last_lines(path, len(lines)), lines)
    if skip < len(lines):
        with path.open("a", encoding="utf-8") as fh:
            fh.write("".join(lines[skip:]))
            fh.flush()
            os.fsync(fh.fileno())
    with db.conn:
        db.execute("delete from jsonl_outbox where id <= ?", [rows[-1][0]])
    return Drained(len(lines) - skip, skip, repaired)
