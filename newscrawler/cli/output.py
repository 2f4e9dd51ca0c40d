"""Printing rows as an aligned table or as JSON."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from typing import Any

import click


def print_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], as_json: bool) -> None:
    """Rows as JSON (all keys) or as a plain aligned table of ``columns``."""
    if as_json:
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
        return
    cells = [[str(r.get(c, "") if r.get(c) is not None else "") for c in columns] for r in rows]
    widths = [max([width(c), *(width(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    for line in [list(columns), ["-" * w for w in widths], *cells]:
        click.echo("  ".join(pad(v, w) for v, w in zip(line, widths, strict=True)).rstrip())


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


RUN_COLUMNS = (
    "site", "status", "articles", "pages", "new", "changed", "unchanged", "gone", "dropped", "errors",
    "note",
)  # fmt: skip
