"""``newscrawler demo``: the main job on a bundled default, with no internet needed.

Serves the bundled replica portals (one per CMS family, plus the USTB reference portal) on
127.0.0.1, crawls them with the real Scrapy engine into an archive of its own (``demo.db``,
sites ``demo-<family>``, never a real crawl's archive or ids) and prints a summary and the
commands to try next.
"""

from __future__ import annotations

import shlex
from dataclasses import replace

import click

from newscrawler.cli.errors import UserError, check_archive, check_output_file
from newscrawler.cli.options import json_option, verbose_option
from newscrawler.cli.output import RUN_COLUMNS, print_rows
from newscrawler.cli.progress import log_file, run_quietly
from newscrawler.crawl.runner import LOCAL_SETTINGS, project_settings
from newscrawler.profiles import SiteProfile, load_profile, profile_for_url
from newscrawler.replica import FAMILIES as REPLICA_FAMILIES
from newscrawler.replica import Portal, ReplicaServer, build_portal

#: The replicas are served on this port and the next ones, the same on every run: the archive
#: knows an article by its URL, port included, so only a second run on the same ports finds the
#: articles it archived (and, crawling incrementally, nothing new).
DEMO_PORT = 18301


def demo_profiles(server: ReplicaServer, portals: list[Portal]) -> list[SiteProfile]:
    """One profile ``demo-<family>`` per replica portal: the USTB one from its bundled profile,
    the others as ``--url --cms`` makes them."""
    profiles = []
    for portal in portals:
        start = server.url(portal) + portal.start_path
        if portal.family == "ustb-en":
            profile = load_profile("ustb-en").with_start_urls([start])
        else:
            profile = profile_for_url(start, portal.family)
        profiles.append(replace(profile, id=f"demo-{portal.family}"))
    return profiles


def next_steps(db: str, jsonl: str, log: str) -> str:
    """The commands to try after the demo, on its archive."""
    q = shlex.quote(db)
    return f"""
Archive: {db}   JSON Lines: {jsonl}   Log: {log}

Next, try:
  newscrawler search 学校 合作 --db {q}
  newscrawler runs --db {q}
  newscrawler export --db {q} --site demo-vsb -o demo-vsb.csv
  newscrawler export --db {q} --site demo-vsb -f atom -o demo-vsb.atom
  newscrawler report --db {q} -o demo-report.html
  newscrawler serve --db {q}
Add a university yourself, offline, from its home page: in one terminal
  newscrawler replica university plain
and in another, with the home page URL it prints (it writes a profile, then names the crawl):
  newscrawler add URL"""


@click.command("demo")
@click.option(
    "--db",
    default="demo.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="SQLite archive file of the demo.",
)
@click.option(
    "--jsonl",
    default="demo.jsonl",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="JSON Lines file of the demo.",
)
@click.option(
    "--port",
    default=DEMO_PORT,
    show_default=True,
    type=click.IntRange(0, 65535 - len(REPLICA_FAMILIES)),
    help=f"First of the {len(REPLICA_FAMILIES)} ports on 127.0.0.1 the replica portals are "
    "served on. Keep it from one run to the next: the archive knows articles by URL, port "
    "included. 0: any free ports (every run then starts over).",
)
@json_option
@verbose_option
def command(db: str, jsonl: str, port: int, as_json: bool, verbose: bool) -> None:
    """Crawl the bundled replica portals (served on 127.0.0.1) into demo.db.

    Works offline, and keeps to its own archive (sites demo-vsb, demo-webplus...). Run it
    twice: the second run crawls incrementally and finds nothing new.

    Example: newscrawler demo --db /tmp/demo.db --jsonl /tmp/demo.jsonl
    """
    check_archive(db, write=True)
    check_output_file(jsonl, "--jsonl")
    portals = [build_portal(family) for family in REPLICA_FAMILIES]
    settings = project_settings(db, jsonl, LOCAL_SETTINGS)
    ports = [port + i if port else 0 for i in range(len(portals))]
    with ReplicaServer(portals, ports=ports) as server:
        taken = [p for p, portal in zip(ports, portals, strict=True) if p and not
                 server.url(portal).endswith(f":{p}")]  # fmt: skip
        if taken:
            last = port + len(portals) - 1
            raise UserError(
                f"port {taken[0]} is taken (another demo or replica running?). The demo serves"
                f" its portals on ports {port}-{last} on every run, so that a second run finds"
                " the articles it archived; stop what uses the port, or choose another --port"
                " and keep it for the next runs"
            )
        rows = run_quietly(demo_profiles(server, portals), settings, verbose=verbose)
    print_rows(rows, RUN_COLUMNS, as_json)
    if not as_json:
        click.echo(
            "\nEach replica portal has, on purpose, a broken link (404) and a page that always"
            " fails (500):\nthe 2 errors per site are those, counted and skipped. Run the demo"
            " again: it crawls\nincrementally, so known articles are not fetched again (new 0)."
        )
        click.echo(next_steps(db, jsonl, log_file(settings)))
