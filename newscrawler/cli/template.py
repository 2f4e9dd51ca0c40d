"""``newscrawler template learn|show SITE``: a portal's learned template, as a person reads it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from newscrawler.archive.lock import ArchiveBusy
from newscrawler.archive.queries import site_template
from newscrawler.cli.errors import UserError, open_existing
from newscrawler.cli.options import cms_option, db_option, json_option

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@click.group("template")
def command() -> None:
    """A portal's template, learned from its own captured pages: where each field sits.

    Example: newscrawler template learn ustb-en && newscrawler template show ustb-en
    """


_write_profile = click.option(
    "--write-profile",
    "profile_path",
    type=click.Path(dir_okay=False),
    help="Also write the learned rules as the site profile's [selectors] to this TOML file "
    "(your own selectors in the site's profile are kept).",
)
_start_url = click.option(
    "--start-url",
    help="With --write-profile for a site without a profile file (crawled with --url): its "
    "start URL.",
)


@command.command("learn")
@click.argument("site")
@click.option(
    "--pages",
    type=click.IntRange(min=2),
    default=20,
    show_default=True,
    help="Learn from the site's newest N captured detail pages (at least 5 must be readable).",
)
@click.option(
    "--warc-dir",
    type=click.Path(file_okay=False),
    help="Where the crawl's WARC files are. Default: <db>.warc",
)
@_write_profile
@_start_url
@cms_option("With --write-profile and --start-url: the CMS family of the new profile.")
@db_option
@json_option
def learn(site, pages, warc_dir, profile_path, start_url, cms, db, as_json) -> None:
    """Learn SITE's template from its captured pages in the archive and store it as a new
    version (an identical template keeps its version), then print it.

    Example: newscrawler template learn ustb-en --pages 30
    """
    from newscrawler.archive.store import Archive
    from newscrawler.archive.templates import NotEnoughPages, learn_from_archive, learner

    open_existing(db, [site]).close()  # no archive, or a site it does not have: one clear error
    try:
        archive = Archive.open(db)
    except ArchiveBusy as exc:
        raise click.ClickException(str(exc)) from None
    try:
        try:
            template = learn_from_archive(
                archive.db.conn, Path(warc_dir or f"{db}.warc"), site, learner(), pages=pages
            )
        except NotEnoughPages as exc:
            raise UserError(str(exc)) from None
        except ValueError as exc:
            raise click.ClickException(f"{site}: could not learn a template: {exc}") from None
        version = archive.store_template(template)
        row = _row(archive.db, site, version)
    finally:
        archive.close()
    _print(row, as_json)
    if profile_path:
        _write(row, Path(profile_path), start_url, cms)


@command.command("show")
@click.argument("site")
@click.option("--version", "version", type=int, help="This version. Default: the newest.")
@_write_profile
@_start_url
@cms_option("With --write-profile and --start-url: the CMS family of the new profile.")
@db_option
@json_option
def show(site, version, profile_path, start_url, cms, db, as_json) -> None:
    """Print SITE's stored template: each field's rule (an XPath), its agreement across the
    pages it was learned from, example values; how many furniture blocks it knows.

    Example: newscrawler template show ustb-en --json
    """
    archive = open_existing(db)
    try:
        row = _row(archive, site, version)
    finally:
        archive.close()
    _print(row, as_json)
    if profile_path:
        _write(row, Path(profile_path), start_url, cms)


def _row(db: Any, site: str, version: int | None) -> dict[str, Any]:
    """The ``site_templates`` row (``version``, default the newest), else UserError."""
    row = site_template(db, site, version)
    if row is None:
        which = f" version {version}" if version is not None else ""
        raise UserError(
            f"no template{which} of {site!r} in the archive (learn one: newscrawler template "
            f"learn {site})"
        )
    return row


def _print(row: dict[str, Any], as_json: bool) -> None:
    from newscrawler.extraction.template import SiteTemplate

    template = SiteTemplate.from_json(row["document"])
    if as_json:
        document = json.loads(row["document"])
        click.echo(
            json.dumps(
                {**document, "learned_at": row["learned_at"], "pages": row["pages"]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(
        f"template {template.site} v{template.version}: learned {row['learned_at']} from "
        f"{row['pages']} pages"
    )
    width = max((len(name) for name in template.fields), default=5)
    for name, rule in sorted(template.fields.items()):
        click.echo(f"  {name:<{width}}  {rule.agreement:>4.0%}  {rule.path}")
        for example in rule.examples[:3]:
            text = " ".join(example.split())
            click.echo(f"  {'':<{width}}        e.g. {text[:100]}{'…' if len(text) > 100 else ''}")
    click.echo(f"furniture: {len(template.furniture)} repeated blocks")


def _write(row: dict[str, Any], path: Path, start_url: str | None, cms: str) -> None:
    """Write the template's rules as a profile file, checked by loading it back."""
    from newscrawler.archive.templates import profile_toml
    from newscrawler.extraction.template import SiteTemplate
    from newscrawler.profiles import ProfileError, load_profile
    from newscrawler.profiles.loader import load_profile_file

    template = SiteTemplate.from_json(row["document"])
    try:
        source = Path(load_profile(template.site).source)
        data = tomllib.loads(source.read_text(encoding="utf-8"))
        note = f"Based on {source.name}."
    except ProfileError:
        if not start_url:
            raise UserError(
                f"{template.site!r} has no profile file: give its --start-url (and --cms) for "
                "the new profile"
            ) from None
        data = {"id": template.site, "cms": cms, "start_urls": [start_url]}
        note = ""
    path.write_text(profile_toml(template, data, note=note), encoding="utf-8")
    try:
        load_profile_file(path)
    except ProfileError as exc:  # a rule the loader rejects was left out; anything else is ours
        raise click.ClickException(f"wrote {path}, but it does not load: {exc}") from None
    click.echo(f"wrote {path}", err=True)
