"""``newscrawler extract``: the item of one saved page, the quickest way to check a profile."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import click
from parsel import Selector
from w3lib.encoding import html_to_unicode

from newscrawler.cli.options import cms_option
from newscrawler.extraction import extract_article, extract_listing, is_detail_url, is_listing_url
from newscrawler.extraction.urls import canonicalize
from newscrawler.profiles import SiteProfile, load_preset, load_profile

#: Exit code when the page looks like a listing page (the item is printed all the same).
LISTING_EXIT = 3
#: A page is taken for a listing when at least this many of the article links on it have
#: their text (:data:`TITLE_CHARS` characters or more) in the extracted body: a listing's rows
#: end up in the "body" of the bogus article read from it, while an article's related-stories
#: list is furniture, left out of its body. A page with no body text that links this many
#: articles is taken for one too.
LISTED = 3
TITLE_CHARS = 6


def listing_reason(url: str, page: bytes, profile: SiteProfile, item: dict[str, Any]) -> str | None:
    """Why the page at ``url``, of which ``item`` was extracted, looks like a listing page
    rather than an article, or None."""
    if is_listing_url(url, profile) and not is_detail_url(url, profile):
        return "its URL has the shape of the family's listing pages"
    html = html_to_unicode(None, page)[1]
    articles = set(extract_listing(url, html, profile).articles)
    body = " ".join((item.get("body") or "").split())
    listed = set()
    for anchor in Selector(text=html).xpath("//a[@href]"):
        text = " ".join(anchor.xpath("string()").get("").split())
        if len(text) >= TITLE_CHARS and text in body:
            link = canonicalize(urljoin(url, anchor.attrib["href"].strip()))
            if link in articles:
                listed.add(link)
    if len(listed) >= LISTED:
        return f"its text is {len(listed)} rows linking articles"
    if not body and len(articles) >= LISTED:
        return f"it links {len(articles)} articles and has no article text"
    return None


@click.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", required=True, help="The URL the page was fetched from.")
@click.option("--site", help="Site profile to read the page with.")
@cms_option("CMS family preset to use when no --site is given.")
def command(file: Path, url: str, site: str | None, cms: str) -> None:
    """Print the article item extracted from a saved page FILE as JSON (no network).

    A page that looks like a listing page (its text is rows linking articles, or its URL has
    the shape of the family's listing pages) still prints its item, with a warning on stderr,
    and exits with code 3.

    Example: newscrawler extract --site ustb-en --url https://en.ustb.edu.cn/info/1091/5462.htm page.html
    """
    if site and cms != "auto":
        raise click.UsageError(
            "give --site or --cms, not both (a profile already names its family)"
        )
    profile = load_profile(site) if site else load_preset(cms)
    page = file.read_bytes()
    result = extract_article(url, page, profile)
    item = dict(result.item)
    if result.views_url:
        item["views_url"] = result.views_url
    click.echo(json.dumps(item, ensure_ascii=False, indent=2))
    why = listing_reason(url, page, profile, item)
    if why:
        click.echo(
            f"warning: {file} looks like a listing page, not an article ({why}): the item above"
            " is not an article. Crawl it instead: newscrawler crawl --url URL --cms FAMILY",
            err=True,
        )
        sys.exit(LISTING_EXIT)
