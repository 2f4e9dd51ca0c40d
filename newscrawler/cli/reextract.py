"""``newscrawler reextract``: run today's extractor over the stored captures, offline."""

from __future__ import annotations

import json
from pathlib import Path

import click

from newscrawler.archive.lock import ArchiveBusy
from newscrawler.cli.errors import check_archive, open_existing
from newscrawler.cli.options import (
    cms_option,
    db_option,
    json_option,
    jsonl_option,
    profiles_option,
)
from newscrawler.config import own_profile_dirs


@click.command("reextract")
@click.option("--site", "sites", multiple=True, help="Only this site (repeatable).")
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d"]), help="Only versions fetched on or after this day."
)
@click.option("--dry-run", is_flag=True, help="Write nothing: print how many fields would change.")
@click.option(
    "--warc-dir", type=click.Path(file_okay=False),
    help="Where the crawl's WARC files are. Default: <db>.warc",
)  # fmt: skip
@cms_option("CMS family of sites that have no profile file (crawled with --url).")
@profiles_option
@db_option
@jsonl_option
@json_option
def command(sites, since, dry_run, warc_dir, cms, profiles_dirs, db, jsonl, as_json) -> None:
    """Re-extract archived articles from their WARC captures with the current extractor.

    A new version (revision "reextract", with the extractor version) is written only where a
    field now reads differently; its JSON line goes to --jsonl. No network is used.

    Example: newscrawler reextract --site ustb-en --dry-run
    """
    from newscrawler.archive.jsonl import drain_outbox
    from newscrawler.archive.reextract import COMPARED, reextract
    from newscrawler.archive.store import Archive

    check_archive(db, write=not dry_run)
    open_existing(db, sites).close()  # unknown --site: one clear error
    try:
        archive = Archive.open(db)
    except ArchiveBusy as exc:
        raise click.ClickException(str(exc)) from None
    try:
        outcome = reextract(
            archive, Path(warc_dir or f"{db}.warc"), sites=tuple(sites),
            since=since.date().isoformat() if since else None, dry_run=dry_run, cms=cms,
            own_profiles=own_profile_dirs(profiles_dirs, db),
        )  # fmt: skip
        if not dry_run:
            drain_outbox(archive.db, jsonl)
    finally:
        archive.close()
    for problem in outcome.problems[:20]:
        click.echo(f"skipped {problem}", err=True)
    if as_json:
        click.echo(json.dumps({**outcome.as_dict(), "dry_run": dry_run}, indent=2))
        return
    verb = "would change" if dry_run else "changed"
    click.echo(
        f"{outcome.examined} articles re-extracted: {outcome.changed} {verb}, "
        f"{outcome.unchanged} unchanged, {outcome.unreadable} without a readable capture"
        + (f", {sum(outcome.dropped.values())} dropped" if outcome.dropped else "")
    )
    labels = {"published": "date"}
    for name in COMPARED:
        if outcome.fields[name]:
            click.echo(f"  {labels.get(name, name):<10} {outcome.fields[name]}")
