"""``newscrawler search``: full-text search of the archive, Chinese and English."""

from __future__ import annotations

import json
import re

import click

from newscrawler.archive.search import search
from newscrawler.cli.errors import open_existing
from newscrawler.cli.options import db_option, json_option


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
    """Search titles and bodies; hits best first: title, site and date, URL, and a snippet
    ([matches] bracketed). --json adds each hit's score (relevance, higher is better).

    Every word must match; Chinese words match as written (学校 finds 学校, not 学 … 校),
    English words match whole (no stemming), and a word ending in * matches as a prefix.

    Example: newscrawler search 学校 合作 --site demo-vsb --db demo.db

    Example: newscrawler search cooperation --json --limit 5
    """
    with open_existing(db, sites) as archive:
        hits = search(archive, " ".join(query), sites=sites, limit=limit)
        # The prefix form is only suggested when it finds something.
        whole = [w for w in query if re.fullmatch(r"[A-Za-z]{3,}", w)]
        stars = " ".join(f"{w}*" if w in whole else w for w in query)
        widened = len(search(archive, stars, sites=sites, limit=1)) if whole and not hits else 0
    if as_json:
        click.echo(json.dumps([hit.as_dict() for hit in hits], ensure_ascii=False, indent=2))
        return
    for number, hit in enumerate(hits, 1):
        where = ", ".join(x for x in (hit.site, hit.published) if x)
        click.echo(f"{number}. {hit.title or '(no title)'}  ({where})")
        click.echo(f"   {hit.url}")
        click.echo(f"   {' '.join(hit.snippet.split())}")
    if not hits:
        click.echo("no article matches every word (titles and bodies are searched)", err=True)
        if widened:
            click.echo(
                f"English words match whole; to match words that start with them: "
                f"newscrawler search {stars}",
                err=True,
            )
