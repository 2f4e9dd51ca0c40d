"""``newscrawler runs``: the run log — what each crawl did, and which ones failed."""

from __future__ import annotations

import json
from datetime import datetime

import click

from newscrawler import reasons
from newscrawler.archive.lock import writer_alive
from newscrawler.archive.queries import recent_runs
from newscrawler.archive.runlog import REASON_COLUMNS, note, row_reasons
from newscrawler.cli.errors import open_existing
from newscrawler.cli.options import db_option, json_option
from newscrawler.cli.output import print_rows

COLUMNS = (
    "id", "site", "started_at", "duration_s", "status", "note", "pages", "new", "changed",
    "unchanged", "gone", "dropped", "errors", "reasons",
)  # fmt: skip


def _duration(row: dict) -> float | None:
    if not row.get("finished_at"):
        return None
    start = datetime.fromisoformat(row["started_at"])
    return round((datetime.fromisoformat(row["finished_at"]) - start).total_seconds(), 1)


@click.command("runs")
@click.option("--site", "sites", multiple=True, help="Only runs of this site (repeatable).")
@click.option("--limit", default=20, show_default=True, help="How many recent runs to show.")
@db_option
@json_option
def command(sites: tuple[str, ...], limit: int, db: str, as_json: bool) -> None:
    """Show recent crawl runs, newest first: start, duration, status, pages and what changed.

    Status: finished; failed (the note says why: start_urls_failed, store_failed,
    jsonl_failed...); empty (the listings gave no article links); degraded (fields the site's
    articles used to have are now mostly empty: the note names them); partial (pages, images or
    view counters the portal did not deliver: the next run fetches them); interrupted (stopped,
    or killed: a run shown running while no process writes the archive is shown interrupted,
    killed); running. "capped" in the note: the listing-page cap stopped a walk. --json gives the
    reason counts as objects and adds each reason's meaning.

    Example: newscrawler runs --site ustb-en --limit 5
    """
    archive = open_existing(db, sites)
    # A `running` row with no process writing the archive is a run whose process is gone.
    alive = writer_alive(db)
    with archive:
        rows = recent_runs(archive, sites, limit)
    out = []
    for row in rows:
        if row["status"] == "running" and not alive:
            row.update(status="interrupted", reason="killed")
        counted = row_reasons(row)
        out.append(
            {
                **row,
                **{
                    column: json.loads(row.get(column) or "{}")
                    for column in REASON_COLUMNS.values()
                },
                "duration_s": _duration(row),
                "note": note(row),
                "reason_description": reasons.describe(row["reason"])
                if row.get("reason")
                else None,
                "degraded_fields": json.loads(row.get("degraded_fields") or "[]"),
                "discovery": json.loads(row.get("discovery") or "{}"),
                "capped": bool(row.get("capped")),
                "reasons": counted
                if as_json
                else " ".join(f"{r['name']}={r['count']}" for r in counted),
            }
        )
    print_rows(out, COLUMNS, as_json)
