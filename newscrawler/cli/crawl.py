"""``newscrawler crawl``: crawl site profiles (or an unprofiled portal) into the archive."""

from __future__ import annotations

import sys

import click

from newscrawler.cli.options import db_option, json_option, jsonl_option, setting_option
from newscrawler.cli.output import RUN_COLUMNS, print_rows
from newscrawler.profiles import (
    FAMILIES,
    ProfileError,
    list_profiles,
    load_profile,
    profile_for_url,
)
from newscrawler.runner import parse_setting_overrides, project_settings, run_crawls


@click.command("crawl")
@click.argument("sites", nargs=-1)
@click.option("--all", "all_sites", is_flag=True, help="Crawl every bundled site profile.")
@click.option("--url", help="Start URL of a portal that has no profile yet.")
@click.option(
    "--cms",
    type=click.Choice([*FAMILIES, "auto"]),
    default="auto",
    show_default=True,
    help="CMS family of the --url portal.",
)
@click.option(
    "--start-url",
    "start_urls",
    multiple=True,
    help="Crawl this URL instead of the profile's start URLs (a mirror or a local replica).",
)
@db_option
@jsonl_option
@setting_option
@json_option
def command(sites, all_sites, url, cms, start_urls, db, jsonl, settings, as_json) -> None:
    """Crawl SITES (profile ids) into the archive, then print one summary row per site.

    Examples:

      newscrawler crawl ustb-en

      newscrawler crawl --all --db news.db

      newscrawler crawl --url https://news.example.edu.cn/xwzx.htm --cms vsb
    """
    try:
        if url:
            profiles = [profile_for_url(url, cms)]
        elif all_sites:
            profiles = list_profiles()
        elif sites:
            profiles = [load_profile(s) for s in sites]
        else:
            raise click.UsageError("name SITES, or use --all, or --url URL [--cms FAMILY]")
        if start_urls:
            if len(profiles) != 1:
                raise click.UsageError("--start-url needs exactly one site")
            profiles = [profiles[0].with_start_urls(list(start_urls))]
        overrides = parse_setting_overrides(settings)
    except (ProfileError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    rows = run_crawls(profiles, project_settings(db, jsonl, overrides))
    print_rows(rows, RUN_COLUMNS, as_json)
    if any(r["status"] != "finished" for r in rows):
        sys.exit(1)
