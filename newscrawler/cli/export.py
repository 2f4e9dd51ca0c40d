"""``newscrawler export``: write the archive, or a filtered part of it, as JSONL, CSV, Parquet,
WACZ or an Atom feed."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import click

from newscrawler.capture.index import CaptureIndex
from newscrawler.capture.warc import read_payload_record, settle_for_reading
from newscrawler.cli.errors import check_output_file, open_existing
from newscrawler.cli.options import db_option
from newscrawler.cli.output import open_output
from newscrawler.exports import FORMATS, atom, cursors, export, selection
from newscrawler.exports.media import write_media_csv
from newscrawler.exports.selection import Selection
from newscrawler.exports.wacz import WaczError, write_wacz

_SUFFIXES = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".wacz": "wacz",
    ".atom": "atom",
}  # fmt: skip


def _utc(value: datetime | None) -> str | None:
    """A ``--changed-since`` time as the archive writes times (UTC ISO 8601; naive means UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def _date(value: datetime | None) -> str | None:
    return value.date().isoformat() if value else None


def _progress_bar(stack: ExitStack) -> Any:
    """A row-stream wrapper drawing a bar on stderr, or ``None`` when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None

    def wrap(rows: Iterator[dict[str, Any]], total: int) -> Iterable[dict[str, Any]]:
        return stack.enter_context(
            click.progressbar(rows, length=total, label="exporting", file=sys.stderr)
        )

    return wrap


@click.command("export")
@db_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice([*sorted(FORMATS), "wacz", "media-csv"]),
    help="Output format. Default: from the -o suffix (.jsonl, .csv, .parquet, .wacz, .atom), "
    "else jsonl. wacz packs the crawl's WARC captures with the selected articles as its pages; "
    "media-csv writes the media table (images and attachments fetched) of the selected "
    "articles; atom writes an Atom 1.0 feed of the newest selected articles.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Output file; - for stdout.",
)
@click.option("--site", "sites", multiple=True, help="Only this site profile (repeatable).")
@click.option(
    "--topic", "topics", multiple=True, help="Only articles with this topic (repeatable)."
)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after this date.")
@click.option(
    "--until", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before this date."
)
@click.option(
    "--changed-since",
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%z"]),
    help="Only articles new or changed at or after this time (UTC unless an offset is given).",
)
@click.option(
    "--cursor",
    metavar="NAME",
    help="Export only what is new or changed since the last export with this NAME, then "
    "remember where this one stopped (stored in the archive's export_cursors table).",
)
@click.option(
    "--warc-dir",
    type=click.Path(file_okay=False),
    help="Where the crawl's WARC files are (for --format wacz). Default: <db>.warc",
)
@click.option(
    "--newest",
    type=click.IntRange(min=1),
    help=f"Entries in an atom feed: the newest N selected articles. Default: {atom.NEWEST}",
)
def command(
    db: str,
    fmt: str | None,
    output: str,
    sites: tuple[str, ...],
    topics: tuple[str, ...],
    since: datetime | None,
    until: datetime | None,
    changed_since: datetime | None,
    cursor: str | None,
    warc_dir: str | None,
    newest: int | None,
) -> None:
    """Write archived articles for downstream tools, in a stable order (by URL).

    Columns and the CSV flattening of lists are described in docs/archive.md.
    A progress bar is drawn on stderr when it is a terminal.

    Example: newscrawler export --site ustb-en --since 2024-01-01 -o ustb-en.parquet

    Example (a feed per site and topic): newscrawler export -f atom --site ustb-en
    --topic Research --newest 20 -o ustb-en-research.atom

    Example (nightly, cron): newscrawler export --db /srv/archive.db --cursor nightly
    -o /srv/exports/$(date +%F).jsonl
    """
    fmt = fmt or _SUFFIXES.get(Path(output).suffix.lower(), "jsonl")
    if output == "-" and fmt == "wacz":
        raise click.UsageError("WACZ is a zip file: pass -o FILE.wacz.")
    if fmt in ("media-csv", "atom") and cursor is not None:
        raise click.UsageError(f"--cursor applies to article exports, not {fmt}.")
    if newest is not None and fmt != "atom":
        raise click.UsageError("--newest applies to -f atom.")
    if output == "-" and fmt == "parquet" and sys.stdout.isatty():
        raise click.UsageError("Parquet is binary: pass -o FILE or redirect stdout.")
    chosen = Selection(
        sites=sites,
        topics=topics,
        since=_date(since),
        until=_date(until),
        changed_since=_utc(changed_since),
    )
    if output != "-":
        check_output_file(output, "-o/--output")
    with open_existing(db, sites) as archive, ExitStack() as stack:
        if fmt == "wacz":
            _export_wacz(archive, chosen, output, Path(warc_dir or f"{db}.warc"))
            return
        out = stack.enter_context(open_output(output, "wb"))
        if fmt == "media-csv":
            media = write_media_csv(archive, chosen, out)
            stack.close()
            where = "stdout" if output == "-" else output
            click.echo(f"exported {media} media rows as media-csv to {where}", err=True)
            return
        options = (
            {"newest": newest or atom.NEWEST, "sites": sites, "topics": topics}
            if fmt == "atom"
            else None
        )
        written = export(
            archive, chosen, fmt, out, cursor=cursor, progress=_progress_bar(stack), options=options
        )
        stack.close()  # the file is in place before the cursor moves past it
        if cursor is not None:
            cursors.save(archive, cursor, written.position, written.articles)
    where = "stdout" if output == "-" else output
    click.echo(f"exported {written.articles} articles as {fmt} to {where}", err=True)


def _export_wacz(archive: Any, chosen: Selection, output: str, warcs: Path) -> None:
    """Pack the WARC files in ``warcs`` into ``output`` with the chosen articles as pages, each
    stamped with the ``WARC-Date`` of the record holding its payload (the original when the
    latest capture is a revisit): how replay tools find it in the index."""
    archive.execute("begin")
    try:
        rows = list(selection.rows(archive, chosen))
        captures = {
            url: (warc_file, offset)
            for url, warc_file, offset in archive.execute(
                "select url, warc_file, warc_offset from articles where warc_file is not null"
            )
        }
    finally:
        archive.execute("commit")
    settle_for_reading(warcs)  # a dead crawl's .open file is closed, then packed with the rest
    index = CaptureIndex.load(warcs)
    for row in rows:
        capture = captures.get(row["url"])
        if capture is not None:
            with contextlib.suppress(OSError, ValueError, KeyError):  # else: its fetch time
                record = read_payload_record(warcs, *capture, index)
                row["fetched_at"] = record.warc_headers["WARC-Date"]
    try:
        pages = write_wacz(rows, sorted(warcs.glob("*.warc.gz")), Path(output))
    except WaczError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"exported {pages} articles as wacz to {output}", err=True)
