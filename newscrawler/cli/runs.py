"""``newscrawler runs``: the run log — what each crawl did, and which ones failed."""

from __future__ import annotations

import json
from datetime import datetime

import click

from newscrawler.archive import row_to_item
from newscrawler.cli.errors import open_existing
from newscrawler.cli.options import db_option, json_option
from newscrawler.cli.output import print_rows

COLUMNS = (
    "id", "site", "started_at", "duration_s", "status", "pages", "new", "changed", "unchanged",
    "gone", "dropped", "errors", "reasons",
)  # fmt: skip


def _duration(row: dict) -> float | None:
    if not row.get("finished_at"):
        return None
    start = datetime.fromisoformat(row["started_at"])
    return round((datetime.fromisoformat(row["finished_at"]) - start).total_seconds(), 1)


def _reasons(row: dict) -> str:
    parts = [
        f"{key}={value}"
        for column in ("dropped_reasons", "error_reasons")
        for key, value in sorted(json.loads(row.get(column) or "{}").items())
    ]
    return " ".join(parts)


@click.command("runs")
@click.option("--site", "sites", multiple=True, help="Only runs of this site (repeatable).")
@click.option("--limit", default=20, show_default=True, help="How many recent runs to show.")
@db_option
@json_option
def command(sites: tuple[str, ...], limit: int, db: str, as_json: bool) -> None:
    """Show recent crawl runs, newest first: start, duration, pages and what changed.

    A run that did not finish shows its status as 'failed: REASON' (or 'running' while it runs;
    a run killed mid-way stays 'interrupted').

    Example: newscrawler runs --site ustb-en --limit 5
    """
    archive = open_existing(db, sites)
    where = f"where site in ({', '.join('?' for _ in sites)})" if sites else ""
    with archive:
        rows = [
            row_to_item(r)
            for r in archive.query(
                f"select * from crawls {where} order by id desc limit ?", [*sites, limit]
            )
        ]
    for row in rows:
        row["duration_s"] = _duration(row)
        row["reasons"] = _reasons(row)
        for column in ("dropped_reasons", "error_reasons"):
            row[column] = json.loads(row.get(column) or "{}")
    print_rows(rows, COLUMNS, as_json)
