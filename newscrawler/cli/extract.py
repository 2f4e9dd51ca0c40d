"""``newscrawler extract``: the item of one saved page, the quickest way to check a profile."""

from __future__ import annotations

import json
from pathlib import Path

import click

from newscrawler.cli.options import cms_option, profiles_option
from newscrawler.extraction import extract_article
from newscrawler.profiles import load_preset, load_profile


@click.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", required=True, help="The URL the page was fetched from.")
@click.option("--site", help="Site profile to read the page with.")
@cms_option("CMS family preset to use when no --site is given.")
@profiles_option
def command(
    file: Path, url: str, site: str | None, cms: str, profiles_dirs: tuple[str, ...]
) -> None:
    """Print the article item extracted from a saved page FILE as JSON (no network).

    Example: newscrawler extract --site ustb-en --url https://en.ustb.edu.cn/info/1091/5462.htm page.html
    """
    if site and cms != "auto":
        raise click.UsageError(
            "give --site or --cms, not both (a profile already names its family)"
        )
    profile = load_profile(site, own=list(profiles_dirs) or None) if site else load_preset(cms)
    result = extract_article(url, file.read_bytes(), profile)
    item = dict(result.item)
    if result.views_url:
        item["views_url"] = result.views_url
    click.echo(json.dumps(item, ensure_ascii=False, indent=2))
