"""Exports: read the archive, write a filtered part of it for downstream tools.

``export`` streams the selected articles through one format writer inside a single read
transaction (a consistent snapshot while a crawl writes). It returns where a named cursor should
move to; the caller saves it with :func:`newscrawler.exports.cursors.save` only once the output is safely
closed, so a failed nightly run is simply repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any, BinaryIO, NamedTuple

import sqlite_utils
from newscrawler.exports import atom, csv_flat, cursors, jsonl, parquet, selection
from newscrawler.exports.selection import Selection

Writer = Callable[..., int]

#: Format name -> writer: ``writer(rows, out, **options)`` returns how many articles it wrote.
FORMATS: dict[str, Writer] = {
    "jsonl": jsonl.write, "csv": csv_flat.write, "parquet": parquet.write, "atom": atom.write,
}  # fmt: skip


class Written(NamedTuple):
    articles: int
    #: The cursor position after this export (see :mod:`newscrawler.exports.cursors`).
    position: int


def export(
    db: sqlite_utils.Database,
    chosen: Selection,
    format: str,
    out: BinaryIO,
    *,
    cursor: str | None = None,
    progress: Callable[[Iterator[dict[str, Any]], int], Iterable[dict[str, Any]]] | None = None,
    options: dict[str, Any] | None = None,
) -> Written:
    """Write the articles ``chosen`` (after the cursor, if named) to ``out``.

    ``progress`` wraps the row stream (given it and the row count), e.g. with a progress bar;
    ``options`` go to the format's writer (for ``atom``: ``newest``, ``sites``, ``topics``).
    """
    db.execute("begin")
    try:
        if cursor is not None:
            chosen = replace(chosen, after_position=cursors.position(db, cursor))
        at = selection.last_position(db)
        rows: Iterable[dict[str, Any]] = selection.rows(db, chosen)
        if progress is not None:
            rows = progress(rows, selection.count(db, chosen))
        written = FORMATS[format](rows, out, **(options or {}))
    finally:
        db.execute("commit")
    return Written(written, at)
