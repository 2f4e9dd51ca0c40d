"""CSV of the ``media`` table: one line per (article, image or attachment) fetched.

The columns are the table's (``article_url, media_url, kind, mime, bytes, sha256, caption,
fetched_at, warc_file, warc_offset, warc_record_id``), ordered by article URL then media URL,
for the articles a :class:`~newscrawler.exports.selection.Selection` chooses. The files
themselves are in the WARC files (``warc_file`` at ``warc_offset``; ``export --format wacz``
packs them).
"""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

import sqlite_utils
from newscrawler.exports.selection import Selection, urls_query

from newscrawler.archive.migrations import MEDIA_COLUMNS


def write_media_csv(db: sqlite_utils.Database, selection: Selection, out: BinaryIO) -> int:
    """Write the media rows of the selected articles to ``out`` as UTF-8 CSV with a header;
    returns how many rows were written."""
    urls, params = urls_query(selection)
    columns = ", ".join(f"m.{c}" for c in MEDIA_COLUMNS)
    cursor = db.execute(
        f"select {columns} from media m where m.article_url in ({urls})"
        " order by m.article_url, m.media_url",
        params,
    )
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(MEDIA_COLUMNS)
    written = 0
    for row in cursor:
        writer.writerow(["" if v is None else v for v in row])
        written += 1
    text.detach()
    return written
