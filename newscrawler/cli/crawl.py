"""``newscrawler crawl``: crawl site profiles (or an unprofiled portal) into the archive."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newscrawler.archive.identity import archived_elsewhere
from newscrawler.archive.lock import ArchiveBusy
from newscrawler.archive.runlog import DONE, advice
from newscrawler.archive.store import open_archive
from newscrawler.cli.errors import (
    UserError,
    check_archive,
    check_output_file,
    check_url_site_id,
)
from newscrawler.cli.options import (
    cms_option,
    db_option,
    json_option,
    jsonl_option,
    profiles_option,
    setting_option,
    verbose_option,
)
from newscrawler.cli.output import RUN_COLUMNS, print_rows, say
from newscrawler.cli.progress import log_file, run_quietly
from newscrawler.config import load_config, own_profile_dirs
from newscrawler.crawl.runner import (
    due_profiles,
    parse_setting_overrides,
    project_settings,
    setting_problems,
    unknown_setting_names,
)
from newscrawler.profiles import (
    SiteProfile,
    load_profile,
    profile_for_url,
    scan_profiles,
)


def _every_profile(own: list[Path] | None, examples: bool) -> tuple[list[SiteProfile], int]:
    """Every valid profile that is enabled (bundled examples too with ``examples``) and how
    many invalid ones were reported on stderr and skipped."""
    profiles, errors = scan_profiles(own=own)
    for error in errors:
        say(f"Error: skipped an invalid profile: {error}")
    return [p for p in profiles if p.enabled or examples], len(errors)


def _warn_identity(profiles: list[SiteProfile], db: str) -> None:
    """Say when a profile's start URL is archived under another id (a --url crawl's) and how
    to bring those articles under the profile's id."""
    if not Path(db).exists():
        return
    with open_archive(db, create=False) as archive:
        for profile in profiles:
            for other, articles in archived_elsewhere(archive, profile):
                say(
                    f"Warning: {profile.id}: its start URL was crawled before as site {other} "
                    f"({articles} articles); to keep them under one id run "
                    f"`newscrawler sites rename {other} {profile.id} --db {db}`"
                )


@click.command("crawl")
@click.argument("sites", nargs=-1)
@click.option(
    "--all",
    "all_sites",
    is_flag=True,
    help="Crawl every enabled profile: yours (--profiles, newscrawler.toml, "
    "$NEWSCRAWLER_PROFILES); the bundled examples only with --include-examples.",
)
@click.option(
    "--include-examples",
    is_flag=True,
    help="With --all/--due, crawl the bundled example profiles too (`enabled = false` in them).",
)
@click.option("--url", help="Start URL of a portal that has no profile yet.")
@click.option(
    "--id",
    "site_id",
    help="Site id of the --url portal, e.g. the id its profile will have. Default: its host "
    "and path (news.example.edu.cn-xwzx-xxyw), refused when that is a profile's id that starts "
    "elsewhere.",
)
@cms_option("CMS family of the --url portal.")
@click.option(
    "--start-url",
    "start_urls",
    multiple=True,
    help="Crawl this URL instead of the profile's start URLs (a mirror or a local replica).",
)
@click.option(
    "--due",
    is_flag=True,
    help="Crawl only profiles whose schedule (`every`) is due; a site failing again and "
    "again backs off (`newscrawler health` shows when it is next due).",
)
@click.option("--full", is_flag=True, help="Walk every listing page and re-fetch every article.")
@click.option(
    "--resume",
    is_flag=True,
    help="Keep the request queue beside the archive; after a kill, the same command resumes.",
)
@click.option(
    "--warc-dir",
    type=click.Path(file_okay=False),
    help="Keep every HTTP exchange as WARC files here. Default: <db>.warc",
)
@click.option("--no-warc", is_flag=True, help="Do not keep the raw HTTP exchanges (no WARC files).")
@click.option("--no-media", is_flag=True, help="Do not fetch the articles' images and attachments.")
@profiles_option
@db_option
@jsonl_option
@setting_option
@json_option
@verbose_option
def command(
    sites, all_sites, include_examples, url, site_id, cms, start_urls, due, full, resume, warc_dir,
    no_warc, no_media, profiles_dirs, db, jsonl, settings, as_json, verbose,
) -> None:  # fmt: skip
    """Crawl SITES (profile ids) into the archive, then print one summary row per site.

    Examples:

      newscrawler crawl ustb-en

      newscrawler crawl --all --db news.db

      newscrawler crawl --url https://news.example.edu.cn/xwzx.htm --cms vsb

      newscrawler crawl --due --resume     (from cron: every site whose schedule is due)

    Crawls are incremental: known articles are skipped until due for a re-check, and a listing
    stops after a run of known articles. --full walks everything.

    Quiet by default: a progress line on a terminal (on stderr every minute when not a terminal,
    starting with the time), then the summary, each row starting with the time the run ended.
    In both, new counts articles new to the archive and changed archived articles stored with a
    new version; the summary's articles is how many the archive holds for the site. Scrapy's log goes to a file beside the archive (archive.db.log); -v shows it on
    stderr too. newscrawler.toml beside the archive may name your profile folder and default
    settings (see the README), so a cron job needs no environment.

    Exit codes: 0 every run did its job; 1 a run failed or found nothing; 2 bad input (or an
    invalid profile was skipped).
    """
    if site_id and not url:
        raise click.UsageError("--id names the site of a --url crawl; a profile sets `id` itself")
    if url and (sites or all_sites or due):
        raise click.UsageError(
            "--url crawls one portal without a profile: give it alone, or name SITES (or --all,"
            " --due) without --url"
        )
    config = load_config(db)
    own = own_profile_dirs(profiles_dirs, db)
    examples = include_examples or config.include_examples
    skipped = 0
    if url:
        profiles = [profile_for_url(url, cms, site_id=site_id)]
        if site_id is None:  # an id given is the person's choice
            check_url_site_id(
                profiles[0],
                own,
                f"Crawl the profile (`newscrawler crawl {profiles[0].id}`), or give this portal an"
                f" id of its own (--id NEW; --id {profiles[0].id} joins the profile's site on"
                " purpose)",
            )
    elif all_sites or due:
        profiles, skipped = _every_profile(own, examples or bool(sites))
    elif sites:
        profiles = [load_profile(s, own=own) for s in sites]
    else:
        raise click.UsageError("name SITES, or use --all, or --url URL [--cms FAMILY]")
    if start_urls:
        if len(profiles) != 1:
            raise click.UsageError("--start-url needs exactly one site")
        profiles = [profiles[0].with_start_urls(list(start_urls))]
    try:
        overrides = {**config.settings, **parse_setting_overrides(settings)}
        if warc_dir:
            overrides["NEWSCRAWLER_WARC_DIR"] = warc_dir
        if no_warc:
            overrides["NEWSCRAWLER_WARC"] = False
        if no_media:
            overrides["NEWSCRAWLER_MEDIA"] = False
    except ValueError as exc:
        raise UserError(f"-s/--set: {exc}") from None
    for name, near in unknown_setting_names(parse_setting_overrides(settings)).items():
        hint = f" (did you mean {near}?)" if near else ""
        say(f"Warning: -s {name}: no setting of Scrapy or newscrawler has this name{hint}")
    problems = setting_problems(project_settings(db, jsonl, overrides))
    if problems:
        raise UserError("-s/--set: " + "; ".join(problems))
    check_archive(db, write=True)
    check_output_file(jsonl, "--jsonl")
    if due:
        profiles = due_profiles([p for p in profiles if not sites or p.id in sites], db)
    if not profiles:
        say("nothing is due" if due else "no enabled profile to crawl (see `newscrawler sites`)")
        sys.exit(2 if skipped else 0)
    _warn_identity(profiles, db)
    run_settings = project_settings(db, jsonl, overrides)
    try:
        rows = run_quietly(profiles, run_settings, verbose=verbose, full=full, resume=resume)
    except ArchiveBusy as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise UserError(
            f"cannot write beside the archive {db} ({exc.filename}: {exc.strerror}); "
            "choose another --db"
        ) from None
    print_rows(
        [{"finished_at": r.get("finished_at"), **r} for r in rows],
        ("finished_at", *RUN_COLUMNS),
        as_json,
    )
    by_id = {p.id: p for p in profiles}
    timeout = run_settings.getfloat("DOWNLOAD_TIMEOUT")
    for row in rows:
        profile = by_id.get(row["site"])
        starts, cms = (profile.start_urls, profile.cms) if profile else ((), None)
        line = advice(row, starts, timeout, cms)
        if line:
            say(line)
    if len(rows) < len(profiles):
        raise click.ClickException(f"a crawl did not start; see {log_file(run_settings)}")
    # Degraded and capped runs did their job (the summary says what to look at); the others not.
    if any(r["status"] not in DONE for r in rows):
        sys.exit(1)
    if skipped:
        sys.exit(2)
