"""``newscrawler export``: write the archive, or a filtered part of it, as JSONL, CSV, Parquet,
WACZ or an Atom feed."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import click

from newscrawler.cli.errors import check_output_file, open_existing
from newscrawler.cli.options import db_option
from newscrawler.cli.output import open_output
from newscrawler.exports import REGISTRY, atom, cursors, export, format_for
from newscrawler.exports.selection import Selection
from newscrawler.exports.wacz import WaczError


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
    type=click.Choice(sorted(REGISTRY)),
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
    fmt = fmt or format_for(output)
    chosen_format = REGISTRY[fmt]
    if output == "-" and not chosen_format.to_stdout:
        raise click.UsageError(f"{fmt} is written to a file: pass -o FILE.{fmt}.")
    if not chosen_format.cursor and cursor is not None:
        raise click.UsageError(f"--cursor applies to article exports, not {fmt}.")
    if newest is not None and fmt != "atom":
        raise click.UsageError("--newest applies to -f atom.")
    if output == "-" and chosen_format.binary and sys.stdout.isatty():
        raise click.UsageError(f"{fmt} is binary: pass -o FILE or redirect stdout.")
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
        if chosen_format.reads == "captures":
            try:
                written = chosen_format.write(
                    archive, chosen, Path(output), Path(warc_dir or f"{db}.warc")
                )
            except WaczError as exc:
                raise click.ClickException(str(exc)) from None
        elif chosen_format.reads == "media":
            out = stack.enter_context(open_output(output, "wb"))
            written = chosen_format.write(archive, chosen, out)
        else:
            out = stack.enter_context(open_output(output, "wb"))
            options = (
                {"newest": newest or atom.NEWEST, "sites": sites, "topics": topics}
                if fmt == "atom"
                else None
            )
            done = export(
                archive, chosen, fmt, out, cursor=cursor, progress=_progress_bar(stack),
                options=options,
            )  # fmt: skip
            written = done.articles
            stack.close()  # the file is in place before the cursor moves past it
            if cursor is not None:
                cursors.save(archive, cursor, done.position, done.articles)
    where = "stdout" if output == "-" else output
    click.echo(f"exported {written} {chosen_format.counts} as {fmt} to {where}", err=True)
