"""``newscrawler sites``: the bundled site profiles and their CMS family."""

from __future__ import annotations

import sys

import click

from newscrawler.cli.options import json_option
from newscrawler.cli.output import print_rows
from newscrawler.profiles import scan_profiles


@click.command("sites")
@json_option
def command(as_json: bool) -> None:
    """List the site profiles: id, CMS family, language, schedule and start URLs.

    An invalid profile is reported on stderr with every problem in it, and the others are
    listed (exit code 2).

    Example: newscrawler sites --json
    """
    profiles, errors = scan_profiles()
    rows = [
        {
            "id": p.id,
            "cms": p.cms,
            "language": p.language,
            "every": f"{p.every // 3600}h" if p.every else None,
            "name": p.name,
            "start_urls": list(p.start_urls),
        }
        for p in profiles
    ]
    if not as_json:
        for row in rows:
            row["start_urls"] = " ".join(row["start_urls"])
    print_rows(rows, ("id", "cms", "language", "every", "name", "start_urls"), as_json)
    for error in errors:
        click.echo(f"Error: skipped an invalid profile: {error}", err=True)
    if errors:
        sys.exit(2)
