"""``newscrawler extract``: the item of one saved page, the quickest way to check a profile.

With ``--learn-from DIR`` it first learns the portal's template from a folder of its saved pages
(and the listing evidence of its listing pages among them), as a crawl would, then extracts the
page with both: how a person tries a portal offline, without crawling it.
"""

from __future__ import annotations

import inspect
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import click
from parsel import Selector
from w3lib.encoding import html_to_unicode

from newscrawler.cli.options import cms_option, profiles_option
from newscrawler.config import own_profile_dirs
from newscrawler.extraction import (
    decode_html,
    extract_article,
    extract_listing,
    is_detail_url,
    is_listing_url,
)
from newscrawler.extraction.decoding import UndecodableError
from newscrawler.extraction.evidence import ListingEvidence
from newscrawler.extraction.learning import LearningPage, learn_template
from newscrawler.extraction.template import SiteTemplate
from newscrawler.extraction.urls import canonicalize
from newscrawler.profiles import SiteProfile, load_preset, load_profile

#: Suffixes of the saved pages read from ``--learn-from``.
PAGE_SUFFIXES = (".htm", ".html")
#: File names (without suffix) a server sends for a directory URL (``/news/<slug>/``).
INDEX_STEMS = frozenset({"index", "default"})
#: A saved page linking this many other saved pages as articles is a listing page.
LISTING_MIN_LINKS = 3


@dataclass
class Folder:
    """What a folder of one site's saved pages gives: the detail pages to learn from, the
    evidence their listing rows give (article URL -> rows), and the listing pages' URLs."""

    details: list[LearningPage] = field(default_factory=list)
    evidence: dict[str, list[ListingEvidence]] = field(default_factory=dict)
    listings: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    #: A directory URL (``…/news/<slug>/``) -> the URL of its saved ``index.html``.
    aliases: dict[str, str] = field(default_factory=dict)


def folder_base_url(url: str, page: Path, folder: Path) -> str:
    """The URL the folder's root stands for: ``url`` with the page's path below ``folder`` taken
    off its end when the page lies in the folder and the URL ends with that path, else the root
    of ``url``'s host."""
    root = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}/"
    try:
        relative = page.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return root
    path = urlsplit(url).path
    directory = relative.rsplit("/", 1)
    served_as_directory = (
        len(directory) == 2
        and Path(directory[1]).stem.lower() in INDEX_STEMS
        and path.endswith("/" + directory[0] + "/")
    )
    if served_as_directory:  # the index page, fetched as its directory URL
        return root.rstrip("/") + path[: -len(directory[0]) - 1]
    if path.endswith("/" + relative):
        return root.rstrip("/") + path[: -len(relative)]
    return root


def read_folder(folder: Path, base: str, profile: SiteProfile) -> Folder:
    """Read every ``.htm``/``.html`` file below ``folder`` as a page of one site whose URL is
    ``base`` + its relative path. A page whose article links lead to at least
    :data:`LISTING_MIN_LINKS` other pages of the folder is a listing: its rows give evidence;
    every other page is a detail page to learn from. Files that cannot be decoded are listed in
    ``unreadable`` and skipped."""
    pages: dict[str, str] = {}
    alias: dict[str, str] = {}
    out = Folder()
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in PAGE_SUFFIXES:
            continue
        relative = path.relative_to(folder).as_posix()
        try:
            html = decode_html(path.read_bytes())
        except UndecodableError:
            out.unreadable.append(relative)
            continue
        url = canonicalize(urljoin(base, relative))
        pages[url] = html
        if path.stem.lower() in INDEX_STEMS:  # served as its directory: /news/<slug>/
            alias[canonicalize(urljoin(base, relative[: -len(path.name)]))] = url
    listing_urls: set[str] = set()
    for url, html in pages.items():
        listing = extract_listing(url, html, profile)
        linked = {alias.get(u, u) for u in listing.articles} & set(pages) - {url}
        if len(linked) < LISTING_MIN_LINKS:
            continue
        listing_urls.add(url)
        for article, row in listing.evidence.items():
            out.evidence.setdefault(alias.get(article, article), []).append(row)
    out.aliases = alias
    out.listings = sorted(listing_urls)
    out.details = [
        LearningPage(url, html, tuple(out.evidence.get(url, ())))
        for url, html in pages.items()
        if url not in listing_urls
    ]
    return out


def _accepted(**inputs: Any) -> dict[str, Any]:
    """The keyword inputs :func:`extract_article` of this installation accepts."""
    known = inspect.signature(extract_article).parameters
    return {name: value for name, value in inputs.items() if name in known}


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
@click.option(
    "--learn-from",
    "learn_from",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of saved pages of the same site (listing and detail pages, any depth): learn "
    "the site's template and listing evidence from it first.",
)
@click.option(
    "--base-url",
    help="URL the --learn-from folder's root stands for: each saved file's URL is this plus "
    "its path in the folder. Default: --url with FILE's path in the folder taken off (when "
    "FILE is in the folder), else the root of --url's host.",
)
@click.option(
    "--show-template",
    is_flag=True,
    help="With --learn-from: print the learned template (JSON) on stderr before the item.",
)
@profiles_option
@click.option(
    "--db",
    default="archive.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Archive whose newscrawler.toml names your profile folder (the one `add` wrote to); "
    "the archive itself is not read.",
)
def command(
    file: Path,
    url: str,
    site: str | None,
    cms: str,
    learn_from: Path | None,
    base_url: str | None,
    show_template: bool,
    profiles_dirs: tuple[str, ...],
    db: str,
) -> None:
    """Print the article item extracted from a saved page FILE as JSON (no network).

    With --learn-from DIR, every .htm/.html file below DIR is read as a page of the same site:
    pages whose article links lead to several other pages of DIR are listings (their rows give
    each article's listed title, date and column), the others are detail pages the site's
    template is learned from. FILE is then extracted with its listing evidence and the template.

    Examples:

        newscrawler extract --site ustb-en --url https://en.ustb.edu.cn/info/1091/5462.htm page.html

        newscrawler extract --learn-from site/ --url https://a.edu.cn/info/1065/11152.htm \\
            site/info/1065/11152.htm --show-template

    A page that looks like a listing page (its text is rows linking articles, or its URL has
    the shape of the family's listing pages) still prints its item, with a warning on stderr,
    and exits with code 3.
    """
    if site and cms != "auto":
        raise click.UsageError(
            "give --site or --cms, not both (a profile already names its family)"
        )
    if (base_url or show_template) and learn_from is None:
        raise click.UsageError("--base-url and --show-template need --learn-from")
    profile = (
        load_profile(site, own=own_profile_dirs(profiles_dirs, db)) if site else load_preset(cms)
    )
    inputs: dict[str, Any] = {}
    if learn_from is not None:
        folder = read_folder(
            learn_from, base_url or folder_base_url(url, file, learn_from), profile
        )
        for name in folder.unreadable:
            click.echo(f"skipped {name}: no charset decodes it", err=True)
        template = _learn(site or urlsplit(url).netloc, folder, profile)
        click.echo(
            f"learned from {len(folder.details)} detail pages; "
            f"{len(folder.listings)} listing pages gave evidence of {len(folder.evidence)} "
            "articles",
            err=True,
        )
        if not folder.listings:
            click.echo(
                f"warning: no listing page in {learn_from}: no saved page links "
                f"{LISTING_MIN_LINKS} or more other saved pages (check --base-url), so there is "
                "no listing evidence and every page was learned as an article",
                err=True,
            )
        if show_template:
            click.echo(template.to_json(), err=True)
        page_url = canonicalize(url)
        inputs = _accepted(
            evidence=tuple(folder.evidence.get(folder.aliases.get(page_url, page_url), ())),
            template=template,
        )
    page = file.read_bytes()
    result = extract_article(url, page, profile, **inputs)
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


def _learn(site: str, folder: Folder, profile: SiteProfile) -> SiteTemplate:
    try:
        return learn_template(site, folder.details, profile=profile)
    except ValueError as exc:
        raise click.UsageError(f"--learn-from: {exc} (detail pages found in the folder)") from exc
