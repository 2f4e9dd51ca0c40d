"""CSV with one row per article and the list columns flattened into text.

Flattening (documented in ``docs/archive.md``): list entries are joined with `` | ``; an entry
that is an object is written as the members its schema kind names (``Kind.csv_keys``) joined by
``:`` — ``role:name`` for credits, the text of a caption (the full structures are in JSON Lines,
Parquet and the ``credits_flat`` / ``captions_flat`` views). A ``|`` inside a value is written as
``¦`` so splitting on `` | `` is always safe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any, BinaryIO

from newscrawler.exports.columns import COLUMNS, FIELDS

SEPARATOR = " | "


def _clean(value: Any) -> str:
    return "" if value is None else str(value).replace("|", "¦")


def _entry(column: str, entry: Any) -> str:
    return ":".join(_clean(part) for part in FIELDS[column].kind.csv_entry(entry))


def flatten(row: dict[str, Any]) -> list[Any]:
    """The CSV cells of one export row, in :data:`COLUMNS` order."""
    cells = []
    for column in COLUMNS:
        value = row[column]
        if isinstance(value, list):
            value = SEPARATOR.join(_entry(column, entry) for entry in value)
        cells.append(value)
    return cells


def write(rows: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    """Write a header and ``rows`` (UTF-8, RFC 4180 quoting); returns how many rows."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text)
        writer.writerow(COLUMNS)
        written = 0
        for row in rows:
            writer.writerow(flatten(row))
            written += 1
        return written
    finally:
        text.detach()
