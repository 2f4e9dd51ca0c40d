"""``newscrawler health``: each site's state from the run log, with an exit code for monitors."""

from __future__ import annotations

import json
import sys

import click

from newscrawler.cli.errors import open_existing
from newscrawler.cli.options import db_option, json_option, profiles_option
from newscrawler.cli.output import print_rows
from newscrawler.config import load_config, own_profile_dirs
from newscrawler.profiles import scan_profiles
from newscrawler.reports.health import BACKOFF_CAP, UNHEALTHY, dropped_text, site_states


@click.command("health")
@click.option("--include-examples", is_flag=True, help="Show the bundled example profiles too.")
@profiles_option
@db_option
@json_option
def command(include_examples: bool, profiles_dirs: tuple[str, ...], db: str, as_json: bool) -> None:
    """Print each site's state: last success, failing streak, next due time, fields whose fill
    rate dropped against the site's history, and the last run's status and note.

    Sites are your enabled profiles and every site the archive has runs of. States: ok,
    failing (the last runs failed or found nothing), degraded (fields dropped), overdue (due for
    over a whole `every`: is the cron job running?), never crawled.

    Exit codes, for a monitor: 0 no site is failing, degraded or overdue; 1 some are;
    2 bad input (no archive, an invalid profile or newscrawler.toml).

    Example: newscrawler health --db /srv/news/archive.db --json
    """
    config = load_config(db)
    examples = include_examples or config.include_examples
    profiles, errors = scan_profiles(own=own_profile_dirs(profiles_dirs, db))
    archive = open_existing(db)
    try:
        states = site_states(archive, [p for p in profiles if p.enabled or examples])
    finally:
        archive.close()
    if as_json:
        click.echo(json.dumps([s.as_dict() for s in states], ensure_ascii=False, indent=2))
    else:
        rows = [
            {
                **s.as_dict(),
                "streak": s.failing_streak or "",
                "dropped": dropped_text(s),
                "last": f"{s.last_status} {s.last_note}".strip() if s.last_status else "",
            }
            for s in states
        ]
        columns = ("site", "state", "last_success", "streak", "next_due", "dropped", "last")
        print_rows(rows, columns, False)
        if any(s.failing_streak > 1 for s in states):
            click.echo(
                f"(a failing site backs off: due again every × 2^(streak-2), at most "
                f"{BACKOFF_CAP.days} days after its last failure)",
                err=True,
            )
    for error in errors:
        click.echo(f"Error: skipped an invalid profile: {error}", err=True)
    if errors:
        sys.exit(2)
    if any(s.state in UNHEALTHY for s in states):
        sys.exit(1)
