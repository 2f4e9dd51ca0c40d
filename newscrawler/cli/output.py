"""Printing rows as an aligned table or as JSON, and timestamped lines on stderr."""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from newscrawler.archive import now_iso


def say(message: str) -> None:
    """A line on stderr that starts with the time (UTC, ISO 8601, as the summary's
    ``finished_at``), for cron logs."""
    click.echo(f"{now_iso()} {message}", err=True)


def print_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], as_json: bool) -> None:
    """Rows as JSON (all keys) or as a plain aligned table of ``columns``."""
    if as_json:
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
        return
    cells = [[str(r.get(c, "") if r.get(c) is not None else "") for c in columns] for r in rows]
    widths = [max([width(c), *(width(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    for line in [list(columns), ["-" * w for w in widths], *cells]:
        click.echo("  ".join(pad(v, w) for v, w in zip(line, widths, strict=True)).rstrip())


@contextmanager
def open_output(output: str, mode: str) -> Iterator[IO[Any]]:
    """stdout for ``-``; else a temporary file beside ``output`` that replaces it only when the
    block ends without an error, so a failed command leaves no half-written file (click's
    ``atomic`` file is moved into place even on error)."""
    if output == "-":
        with click.open_file("-", mode) as out:
            yield out
        return
    path = Path(output)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode) as out:
            yield out
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


RUN_COLUMNS = (
    "site", "status", "articles", "pages", "new", "changed", "unchanged", "gone", "dropped", "errors",
    "note",
)  # fmt: skip
