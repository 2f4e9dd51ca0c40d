"""``newscrawler search``: full-text search of the archive, Chinese and English."""

from __future__ import annotations

import click

from newscrawler.cli.errors import open_existing
from newscrawler.cli.options import db_option, json_option
from newscrawler.cli.output import print_rows
from newscrawler.search import search


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@db_option
@click.option("--site", "sites", multiple=True, help="Only this site profile (repeatable).")
@click.option(
    "--limit", default=20, show_default=True, type=click.IntRange(min=1), help="Most hits."
)
@json_option
def command(
    query: tuple[str, ...], db: str, sites: tuple[str, ...], limit: int, as_json: bool
) -> None:
    """Search titles and bodies; hits best first, with a snippet ([matches] bracketed).

    Every word must match; Chinese words match as written (学校 finds 学校, not 学 … 校),
    English words match whole (no stemming), and a word ending in * matches as a prefix.

    Example: newscrawler search 学校 合作 --site demo-vsb --db demo.db

    Example: newscrawler search cooperation --json --limit 5
    """
    with open_existing(db, sites) as archive:
        hits = search(archive, " ".join(query), sites=sites, limit=limit)
    rows = [hit.as_dict() for hit in hits]
    if not as_json:
        for row in rows:
            row["snippet"] = " ".join(row["snippet"].split())
    print_rows(rows, ("site", "published", "title", "snippet"), as_json)
