"""``newscrawler sites``: the site profiles and their CMS family; ``sites rename`` moves a site's
archived articles and runs to another id."""

from __future__ import annotations

import sys

import click

from newscrawler.archive.lock import ArchiveBusy
from newscrawler.cli.errors import UserError, check_archive
from newscrawler.cli.options import db_option, json_option, profiles_option
from newscrawler.cli.output import print_rows
from newscrawler.config import own_profile_dirs
from newscrawler.profiles import scan_profiles
from newscrawler.profiles.loader import format_duration


@click.group("sites", invoke_without_command=True)
@profiles_option
@db_option
@json_option
@click.pass_context
def command(ctx: click.Context, profiles_dirs: tuple[str, ...], db: str, as_json: bool) -> None:
    """List the site profiles: id, CMS family, language, schedule, whether `crawl --all` crawls
    it (`enabled`; bundled examples are not) and start URLs.

    An invalid profile is reported on stderr with every problem in it, and the others are
    listed (exit code 2). --db only locates newscrawler.toml (its `profiles` folder).

    Examples: newscrawler sites --json; newscrawler sites rename OLD NEW
    """
    if ctx.invoked_subcommand is not None:
        return
    profiles, errors = scan_profiles(own=own_profile_dirs(profiles_dirs, db))
    rows = [
        {
            "id": p.id,
            "cms": p.cms,
            "language": p.language,
            "every": format_duration(p.every) if p.every else None,
            "enabled": p.enabled,
            "name": p.name,
            "start_urls": list(p.start_urls),
        }
        for p in profiles
    ]
    if not as_json:
        for row in rows:
            row["start_urls"] = " ".join(row["start_urls"])
            row["enabled"] = "yes" if row["enabled"] else "example"
    columns = ("id", "cms", "language", "every", "enabled", "name", "start_urls")
    print_rows(rows, columns, as_json)
    for error in errors:
        click.echo(f"Error: skipped an invalid profile: {error}", err=True)
    if errors:
        sys.exit(2)


@command.command("rename")
@click.argument("old")
@click.argument("new")
@db_option
def rename(old: str, new: str, db: str) -> None:
    """Move site OLD's archived articles and runs to id NEW, in one transaction (merging them
    into NEW's when it has some already). Use it when a portal crawled with `crawl --url` gets
    a profile of its own: give the profile `id = "NEW"`, or rename to the profile's id.

    Example: newscrawler sites rename news.example.edu.cn-xwzx-xxyw example-news
    """
    from newscrawler.archive.identity import RenameError, rename_job_dir, rename_site
    from newscrawler.archive.store import Archive

    check_archive(db, write=False)
    try:
        archive = Archive.open(db)
    except ArchiveBusy as exc:
        raise click.ClickException(str(exc)) from None
    try:
        done = rename_site(archive.db, old, new)
    except RenameError as exc:
        raise UserError(str(exc)) from None
    finally:
        archive.close()
    rename_job_dir(db, old, new)
    moved = ", ".join(f"{n} {table}" for table, n in sorted(done.rows.items()) if n)
    verb = "merged into" if done.merged else "renamed to"
    click.echo(f"{old} {verb} {new}: {moved}")
