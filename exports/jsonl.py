"""JSON Lines: one article per line, the keys of :data:`newscrawler.exports.columns.COLUMNS`, UTF-8."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO


def write(rows: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    """Write ``rows``; returns how many."""
    written = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
        written += 1
    return written
