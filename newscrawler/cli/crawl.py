"""``newscrawler crawl``: crawl site profiles (or an unprofiled portal) into the archive."""

from __future__ import annotations

import sys

import click

from newscrawler.archive_lock import ArchiveBusy
from newscrawler.cli.options import (
    cms_option,
    db_option,
    json_option,
    jsonl_option,
    setting_option,
)
from newscrawler.cli.output import RUN_COLUMNS, print_rows
from newscrawler.profiles import (
    ProfileError,
    list_profiles,
    load_profile,
    profile_for_url,
)
from newscrawler.runlog import DONE
from newscrawler.runner import due_profiles, parse_setting_overrides, project_settings, run_crawls


@click.command("crawl")
@click.argument("sites", nargs=-1)
@click.option("--all", "all_sites", is_flag=True, help="Crawl every bundled site profile.")
@click.option("--url", help="Start URL of a portal that has no profile yet.")
@cms_option("CMS family of the --url portal.")
@click.option(
    "--start-url",
    "start_urls",
    multiple=True,
    help="Crawl this URL instead of the profile's start URLs (a mirror or a local replica).",
)
@click.option("--due", is_flag=True, help="Crawl only profiles whose schedule (`every`) is due.")
@click.option("--full", is_flag=True, help="Walk every listing page and re-fetch every article.")
@click.option(
    "--resume",
    is_flag=True,
    help="Keep the request queue beside the archive; after a kill, the same command resumes.",
)
@db_option
@jsonl_option
@setting_option
@json_option
def command(
    sites, all_sites, url, cms, start_urls, due, full, resume, db, jsonl, settings, as_json
) -> None:
    """Crawl SITES (profile ids) into the archive, then print one summary row per site.

    Examples:

      newscrawler crawl ustb-en

      newscrawler crawl --all --db news.db

      newscrawler crawl --url https://news.example.edu.cn/xwzx.htm --cms vsb

      newscrawler crawl --due --resume     (from cron: every site whose schedule is due)

    Crawls are incremental: known articles are skipped until due for a re-check, and a listing
    stops after a run of known articles. --full walks everything.
    """
    try:
        if url:
            profiles = [profile_for_url(url, cms)]
        elif all_sites or due:
            profiles = list_profiles()
        elif sites:
            profiles = [load_profile(s) for s in sites]
        else:
            raise click.UsageError("name SITES, or use --all, or --url URL [--cms FAMILY]")
        if start_urls:
            if len(profiles) != 1:
                raise click.UsageError("--start-url needs exactly one site")
            profiles = [profiles[0].with_start_urls(list(start_urls))]
        if due:
            profiles = due_profiles([p for p in profiles if not sites or p.id in sites], db)
        overrides = parse_setting_overrides(settings)
    except (ProfileError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    if not profiles:
        click.echo("nothing is due", err=True)
        return
    try:
        rows = run_crawls(
            profiles, project_settings(db, jsonl, overrides), full=full, resume=resume
        )
    except ArchiveBusy as exc:
        raise click.ClickException(str(exc)) from None
    print_rows(rows, RUN_COLUMNS, as_json)
    starts = {p.id: p.start_urls for p in profiles}
    for row in rows:
        if row["status"] == "empty":
            click.echo(
                f"{row['site']}: the listing pages gave no article links."
                f" Is {', '.join(starts.get(row['site'], []))} a listing page (a list of news"
                " with links to the articles)? Wrong --cms? Try --cms auto.",
                err=True,
            )
    if len(rows) < len(profiles):
        raise click.ClickException("a crawl did not start; see the log above")
    # Degraded and capped runs did their job (the summary says what to look at); the others not.
    if any(r["status"] not in DONE for r in rows):
        sys.exit(1)
