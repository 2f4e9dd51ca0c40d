"""``newscrawler crawl``: crawl site profiles (or an unprofiled portal) into the archive."""

from __future__ import annotations

import sys

import click

from newscrawler.archive_lock import ArchiveBusy
from newscrawler.cli.errors import UserError, check_archive, check_output_file
from newscrawler.cli.options import (
    cms_option,
    db_option,
    json_option,
    jsonl_option,
    setting_option,
    verbose_option,
)
from newscrawler.cli.output import RUN_COLUMNS, print_rows
from newscrawler.cli.progress import log_file, run_quietly
from newscrawler.profiles import SiteProfile, load_profile, profile_for_url, scan_profiles
from newscrawler.runlog import DONE, advice
from newscrawler.runner import (
    due_profiles,
    parse_setting_overrides,
    project_settings,
    setting_problems,
)


def _every_profile() -> tuple[list[SiteProfile], int]:
    """Every valid profile and how many invalid ones were reported on stderr and skipped."""
    profiles, errors = scan_profiles()
    for error in errors:
        click.echo(f"Error: skipped an invalid profile: {error}", err=True)
    return profiles, len(errors)


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
@click.option(
    "--warc-dir",
    type=click.Path(file_okay=False),
    help="Keep every HTTP exchange as WARC files here. Default: <db>.warc",
)
@click.option("--no-warc", is_flag=True, help="Do not keep the raw HTTP exchanges (no WARC files).")
@click.option("--no-media", is_flag=True, help="Do not fetch the articles' images and attachments.")
@db_option
@jsonl_option
@setting_option
@json_option
@verbose_option
def command(
    sites, all_sites, url, cms, start_urls, due, full, resume, warc_dir, no_warc, no_media, db, jsonl,
    settings, as_json, verbose,
) -> None:  # fmt: skip
    """Crawl SITES (profile ids) into the archive, then print one summary row per site.

    Examples:

      newscrawler crawl ustb-en

      newscrawler crawl --all --db news.db

      newscrawler crawl --url https://news.example.edu.cn/xwzx.htm --cms vsb

      newscrawler crawl --due --resume     (from cron: every site whose schedule is due)

    Crawls are incremental: known articles are skipped until due for a re-check, and a listing
    stops after a run of known articles. --full walks everything.

    Quiet by default: a progress line on a terminal, then the summary. Scrapy's log goes to
    a file beside the archive (archive.db.log); -v shows it on stderr too.
    """
    skipped = 0
    if url:
        profiles = [profile_for_url(url, cms)]
    elif all_sites or due:
        profiles, skipped = _every_profile()
    elif sites:
        profiles = [load_profile(s) for s in sites]
    else:
        raise click.UsageError("name SITES, or use --all, or --url URL [--cms FAMILY]")
    if start_urls:
        if len(profiles) != 1:
            raise click.UsageError("--start-url needs exactly one site")
        profiles = [profiles[0].with_start_urls(list(start_urls))]
    try:
        overrides = parse_setting_overrides(settings)
        if warc_dir:
            overrides["NEWSCRAWLER_WARC_DIR"] = warc_dir
        if no_warc:
            overrides["NEWSCRAWLER_WARC"] = False
        if no_media:
            overrides["NEWSCRAWLER_MEDIA"] = False
    except ValueError as exc:
        raise UserError(f"-s/--set: {exc}") from None
    problems = setting_problems(project_settings(db, jsonl, overrides))
    if problems:
        raise UserError("-s/--set: " + "; ".join(problems))
    check_archive(db, write=True)
    check_output_file(jsonl, "--jsonl")
    if due:
        profiles = due_profiles([p for p in profiles if not sites or p.id in sites], db)
    if not profiles:
        click.echo("nothing is due", err=True)
        sys.exit(2 if skipped else 0)
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
    print_rows(rows, RUN_COLUMNS, as_json)
    starts = {p.id: p.start_urls for p in profiles}
    for row in rows:
        line = advice(row, starts.get(row["site"], ()))
        if line:
            click.echo(line, err=True)
    if len(rows) < len(profiles):
        raise click.ClickException(f"a crawl did not start; see {log_file(run_settings)}")
    # Degraded and capped runs did their job (the summary says what to look at); the others not.
    if any(r["status"] not in DONE for r in rows):
        sys.exit(1)
    if skipped:
        sys.exit(2)
