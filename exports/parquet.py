"""Parquet with typed columns: lists stay lists, credits and captions are lists of structs.

Rows are written ``BATCH_ROWS`` at a time, one row group per batch, so memory stays flat however
large the archive. Dates stay ISO 8601 strings: ``published`` mixes dates and times with offsets.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq
from newscrawler.exports.columns import FIELDS

from newscrawler.schema import Form, Kind

BATCH_ROWS = 2000


def arrow_type(kind: Kind) -> pa.DataType:
    """The Arrow type of a schema kind: lists stay lists, list entries that are objects structs."""
    if kind.form is Form.INTEGER:
        return pa.int64()
    if kind.form is Form.LIST:
        return pa.list_(pa.string())
    if kind.form is Form.RECORDS:
        return pa.list_(pa.struct([(key, pa.string()) for key in kind.keys]))
    return pa.string()


SCHEMA = pa.schema([(name, arrow_type(field.kind)) for name, field in FIELDS.items()])


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
