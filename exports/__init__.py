"""Exports: read the archive, write a filtered part of it for downstream tools.

``export`` streams the selected articles through one format writer inside a single read
transaction (a consistent snapshot while a crawl writes). It returns where a named cursor should
move to; the caller saves it with :func:`newscrawler.exports.cursors.save` only once the output is safely
closed, so a failed nightly run is simply repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import sqlite_utils
from newscrawler.exports import atom, csv_flat, cursors, jsonl, media, parquet, selection, wacz
from newscrawler.exports.selection import Selection

Writer = Callable[..., int]


@dataclass(frozen=True)
class Format:
    """One export format: how the CLI chooses it and what its writer reads.

    ``reads`` is ``articles`` (``write(rows, out, **options)`` over the selected articles' export
    rows; a ``--cursor`` may follow them when ``cursor`` is true), ``media`` (``write(db,
    selection, out)``: the media rows of the selected articles) or ``captures``
    (``write(db, selection, output_path, warc_dir)``: the crawl's WARC files with the selected
    articles as pages, to a file only). ``suffixes`` choose the format from ``-o``'s name;
    ``binary`` formats are not written to a terminal. Each writer returns how many ``counts``
    (articles, media rows) it wrote."""

    name: str
    write: Callable[..., int]
    reads: str = "articles"
    suffixes: tuple[str, ...] = ()
    cursor: bool = True
    binary: bool = False
    to_stdout: bool = True
    counts: str = "articles"


#: Every export format, by name: the one registry the CLI, its help and its checks read.
REGISTRY: dict[str, Format] = {
    f.name: f
    for f in (
        Format("jsonl", jsonl.write, suffixes=(".jsonl", ".ndjson")),
        Format("csv", csv_flat.write, suffixes=(".csv",)),
        Format("parquet", parquet.write, suffixes=(".parquet",), binary=True),
        Format("atom", atom.write, suffixes=(".atom",), cursor=False),
        Format("media-csv", media.write_media_csv, reads="media", cursor=False, counts="media rows"),
        Format(
            "wacz", wacz.export_wacz, reads="captures", suffixes=(".wacz",), cursor=False,
            binary=True, to_stdout=False,
        ),
    )
}  # fmt: skip

#: Format name -> writer of the formats that read export rows: ``writer(rows, out, **options)``.
FORMATS: dict[str, Writer] = {n: f.write for n, f in REGISTRY.items() if f.reads == "articles"}


def format_for(output: str) -> str:
    """The format an output file's suffix names (``jsonl`` when none does, or for stdout)."""
    suffix = Path(output).suffix.lower()
    return next((f.name for f in REGISTRY.values() if suffix in f.suffixes), "jsonl")


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
