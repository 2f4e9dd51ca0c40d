"""``newscrawler add URL``: from a university's home page (or any page of its site) to a site
profile — find the news columns, read a few articles, preview them, write the profile."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from newscrawler.archive.identity import archived_elsewhere
from newscrawler.archive.store import open_archive
from newscrawler.cli.errors import UserError
from newscrawler.cli.options import db_option, json_option
from newscrawler.cli.output import open_output, print_rows
from newscrawler.config import CONFIG_NAME, config_path, load_config, own_profile_dirs
from newscrawler.crawl.onboarding import (
    FetchError,
    PoliteFetcher,
    ProfileDraft,
    Survey,
    draft_profiles,
    profiled_columns,
    survey,
)
from newscrawler.profiles import SiteProfile, check_site_id, load_profile_file, scan_profiles
from newscrawler.profiles.loader import check_http_url, parse_duration


def _folder(option: str | None, db: str) -> tuple[Path, bool]:
    """Where profiles are written, and whether newscrawler.toml must be written to name it:
    --profiles, else the config's first folder, else $NEWSCRAWLER_PROFILES's first, else
    ``profiles/`` beside the archive (then named in a new newscrawler.toml)."""
    if option:
        return Path(option), False
    configured = load_config(db).profiles
    if configured:
        return configured[0], False
    env = _env_folders()
    if env:
        return env[0], False
    return config_path(db).parent / "profiles", not config_path(db).exists()


def _env_folders() -> list[Path]:
    return [Path(d) for d in os.environ.get("NEWSCRAWLER_PROFILES", "").split(os.pathsep) if d]


def _existing_profiles(folder: Path, db: str) -> list[SiteProfile]:
    """The profiles a new one must not repeat: those of the folder written to, of your other
    folders (newscrawler.toml's, else $NEWSCRAWLER_PROFILES's) and the bundled ones (an invalid
    file is left to `sites` to report)."""
    configured = own_profile_dirs((), db)
    folders = [folder, *(_env_folders() if configured is None else configured)]
    profiles, _ = scan_profiles(own=[f for f in dict.fromkeys(folders) if f.is_dir()])
    return profiles


@click.command("add")
@click.argument("url")
@click.option(
    "--id",
    "site_id",
    help="Site id of the profile (suffixed -FAMILY when the columns need a profile per CMS "
    "family). Default: the URL's host, with -PORT for a port that is not the scheme's default "
    "(www.example.edu.cn, 127.0.0.1-8300).",
)
@click.option(
    "--every", default="6h", show_default=True, help="How often `crawl --due` crawls the site."
)
@click.option(
    "--articles",
    default=2,
    show_default=True,
    type=click.IntRange(0, 20),
    help="Articles read per column for the preview.",
)
@click.option(
    "--max-columns",
    default=8,
    show_default=True,
    type=click.IntRange(1, 50),
    help="Columns read at most.",
)
@click.option(
    "--delay",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds between two requests to one host (robots.txt is always obeyed).",
)
@click.option(
    "--timeout", default=30.0, show_default=True, type=click.FloatRange(1), help="Seconds per page."
)
@click.option(
    "--profiles",
    "profiles_dir",
    type=click.Path(file_okay=False),
    help="Folder to write the profile to (created if missing). Default: `profiles` of "
    f"{CONFIG_NAME} beside the archive, else $NEWSCRAWLER_PROFILES, else `profiles` beside the "
    f"archive (--db; then named in a new {CONFIG_NAME} there, so cron finds it).",
)
@click.option(
    "--keep-duplicates",
    is_flag=True,
    help="Keep columns that are already a start URL of another profile (yours or bundled); "
    "by default they are left out, and the preview names that profile.",
)
@click.option("--yes", "-y", is_flag=True, help="Write without asking (for scripts).")
@click.option("--dry-run", is_flag=True, help="Only preview: write nothing.")
@db_option
@json_option
def command(
    url, site_id, every, articles, max_columns, delay, timeout, profiles_dir, keep_duplicates, yes,
    dry_run, db, as_json,
) -> None:  # fmt: skip
    """Add a portal from its home page URL (or any page of its site): find its news columns,
    tell each one's CMS family, read a few articles, print a preview, and write a site profile
    after you say yes.

    Columns are the site's links named as news (新闻, 要闻, 动态, 通知公告, News, Events,
    Announcements…) that list articles; the feeds and sitemaps the site announces are shown
    too (a crawl reads them itself). Columns of different CMS families get one profile each.

    Examples:

      newscrawler add https://www.example.edu.cn/

      newscrawler add https://www.example.edu.cn/ --id example --yes

      newscrawler add https://www.example.edu.cn/ --dry-run --json

    A column that is already a start URL of another profile (yours or bundled) is left out,
    and the preview names that profile; --keep-duplicates keeps it.

    Exit codes: 0 written (or previewed with --dry-run); 1 the page could not be fetched, no
    news column was found, every column is another profile's already, or you said no; 2 bad
    input.
    """
    check_http_url(url, "URL")
    parse_duration(every, "--every")
    if site_id is not None:
        check_site_id(site_id, "--id")
    folder, with_config = _folder(profiles_dir, db)
    say = (lambda m: None) if as_json else (lambda m: click.echo(m, err=True))
    try:
        found = survey(
            url,
            PoliteFetcher(delay=delay, timeout=timeout),
            max_columns=max_columns,
            articles_per_column=articles,
            progress=say,
        )
    except FetchError as exc:
        raise click.ClickException(f"cannot read {url}: {exc}") from None
    known = profiled_columns(found.columns, _existing_profiles(folder, db))
    drafts = draft_profiles(found, site_id, every, leave_out=() if keep_duplicates else known)
    paths = {d.id: folder / f"{d.id}.toml" for d in drafts}
    profiled = [
        {"column": c.name, "url": c.url, "profile": known[c.url].id,
         "source": known[c.url].source, "kept": keep_duplicates}
        for c in found.columns if c.url in known
    ]  # fmt: skip
    if as_json:
        click.echo(
            json.dumps(
                {
                    **found.as_dict(),
                    "profiled": profiled,
                    "profiles": [
                        {"id": d.id, "path": str(paths[d.id]), "toml": d.text} for d in drafts
                    ],
                    "dry_run": dry_run,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        _preview(found, drafts, paths, profiled)
    if not drafts and profiled:
        first = profiled[0]["profile"]
        raise click.ClickException(
            f"nothing to add from {url}: every news column found is already a start URL of a"
            f" profile ({first}: {profiled[0]['source']}); crawl it (`newscrawler crawl {first}`),"
            " or give --keep-duplicates to write a profile of them anyway"
        )
    if not drafts:
        raise click.ClickException(
            f"no news column found from {url}: give the URL of a news listing instead "
            "(`newscrawler add https://…/xwzx/xxyw.htm`), or crawl it with `crawl --url`"
        )
    existing = [str(p) for p in paths.values() if p.exists()]
    if existing:
        raise UserError(f"{existing[0]} exists already: choose another id with --id, or remove it")
    if dry_run:
        named = f", named in a new {config_path(db)}" if with_config else ""
        say(f"dry run: nothing written (the profiles would go to {folder}{named})")
        return
    if not yes and not _confirm(f"Write {len(drafts)} profile(s) to {folder}?"):
        say("nothing written")  # the person's answer, not an error
        sys.exit(1)
    _write(drafts, paths, folder, with_config, db, say)


def _confirm(question: str) -> bool:
    """The person's yes or no; an input that ends first (a script, cron) or Ctrl-C is none."""
    try:
        return click.confirm(question, default=True, err=True)
    except click.Abort:
        click.echo("", err=True)
        raise click.ClickException(
            "no answer (input ended or interrupted): nothing written; --yes writes without asking"
        ) from None


def _preview(
    found: Survey,
    drafts: list[ProfileDraft],
    paths: dict[str, Path],
    profiled: list[dict[str, Any]],
) -> None:
    click.echo(f"{found.name or found.start_url} ({found.language or 'language unknown'})")
    columns = [
        {
            "column": c.name,
            "url": c.url,
            "family": c.family or "none (generic)",
            "links": len(c.articles),
        }
        for c in found.columns
    ]
    print_rows(columns, ("column", "url", "family", "links"), False)
    for c in profiled:
        fate = "kept (--keep-duplicates)" if c["kept"] else "left out (--keep-duplicates keeps it)"
        click.echo(
            f"Warning: column {c['column']} ({c['url']}) is already a start URL of profile"
            f" {c['profile']} ({c['source']}): {fate}"
        )
    if found.articles:
        click.echo("")
        rows = [
            {
                "column": a.column,
                "title": (a.title or "")[:40],
                "published": a.published,
                "topics": ", ".join(a.topics),
                "credits": ", ".join(a.credits[:3]) + (" …" if len(a.credits) > 3 else ""),
                "body": a.body_chars,
            }
            for a in found.articles
        ]
        print_rows(rows, ("column", "title", "published", "topics", "credits", "body"), False)
    if found.feeds:
        click.echo("\nfeeds and sitemaps: " + " ".join(found.feeds))
    if found.problems:
        shown = "".join(f"\n  {p}" for p in found.problems[:5])
        more = f"\n  … {len(found.problems) - 5} more" if len(found.problems) > 5 else ""
        click.echo(f"\n{len(found.problems)} page(s) skipped:{shown}{more}")
    click.echo(f"\n{found.fetched} requests made.")
    for draft in drafts:
        click.echo(f"\n{paths[draft.id]}:\n{draft.text}")


def _warn_unnamed(folder: Path, db: str, say: Callable[[str], None]) -> None:
    """Say when newscrawler.toml beside the archive does not name ``folder``: a cron job, which
    has no environment, would not find the profiles written there (and say nothing of them)."""
    config = load_config(db)
    named = list(config.profiles or ())
    if folder.resolve() in {p.resolve() for p in named}:
        return
    listed = json.dumps([str(p) for p in [*named, folder.resolve()]], ensure_ascii=False)
    where = config_path(db)
    say(
        f"Warning: {where} {'does not name' if config.path else 'is missing, so nothing names'}"
        f" {folder}: `crawl --due` from cron (no environment) will not find these profiles."
        f" To name it, write in {where}: profiles = {listed}"
    )


def _write(
    drafts: list[ProfileDraft],
    paths: dict[str, Path],
    folder: Path,
    with_config: bool,
    db: str,
    say: Callable[[str], None],
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for draft in drafts:
        with open_output(str(paths[draft.id]), "w") as out:
            out.write(draft.text)
        load_profile_file(paths[draft.id])  # what was written loads, or this is a bug
        click.echo(f"wrote {paths[draft.id]}")
    if with_config:
        config = config_path(db)
        with open_output(str(config), "w") as out:
            out.write(f'profiles = ["{folder.name}"]    # your site profiles, beside this file\n')
        click.echo(f"wrote {config} (names the profile folder, so cron needs no environment)")
    else:
        _warn_unnamed(folder, db, say)
    if Path(db).exists():
        with open_archive(db, create=False) as archive:
            for draft in drafts:
                profile = load_profile_file(paths[draft.id])
                for other, n in archived_elsewhere(archive, profile):
                    say(
                        f"Warning: {draft.id}: its start URL was crawled before as site {other} "
                        f"({n} articles); to keep them under one id run "
                        f"`newscrawler sites rename {other} {draft.id} --db {db}`"
                    )
    ids = " ".join(d.id for d in drafts)
    click.echo(f"next: newscrawler crawl {ids} --db {db}   (then `crawl --due` from cron)")
