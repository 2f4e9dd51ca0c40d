"""Parquet with typed columns: lists stay lists, credits and captions are lists of structs.

Rows are written ``BATCH_ROWS`` at a time, one row group per batch, so memory stays flat however
large the archive. Dates stay ISO 8601 strings: ``published`` mixes dates and times with offsets.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from exports.columns import COLUMNS

BATCH_ROWS = 2000

_TYPES: dict[str, pa.DataType] = {
    "topics": pa.list_(pa.string()),
    "images": pa.list_(pa.string()),
    "credits": pa.list_(
        pa.struct([("role", pa.string()), ("label", pa.string()), ("name", pa.string())])
    ),
    "captions": pa.list_(pa.struct([("image_url", pa.string()), ("text", pa.string())])),
    "views": pa.int64(),
    "version": pa.int64(),
}
SCHEMA = pa.schema([(name, _TYPES.get(name, pa.string())) for name in COLUMNS])


def write(rows: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    """Write ``rows`` as one Parquet file (zstd); returns how many."""
    written = 0
    with pq.ParquetWriter(out, SCHEMA, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
                written += len(batch)
                batch = []
        if batch or not written:
            writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
            written += len(batch)
    return written
