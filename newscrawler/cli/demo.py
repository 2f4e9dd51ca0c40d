"""``newscrawler demo``: the main job on a bundled default, with no internet needed.

Serves the bundled replica portals (one per CMS family, plus the USTB reference portal) on
127.0.0.1, crawls them with the real Scrapy engine into the archive and prints a summary.
"""

from __future__ import annotations

from dataclasses import replace

import click

from newscrawler.cli.options import db_option, json_option, jsonl_option
from newscrawler.cli.output import RUN_COLUMNS, print_rows
from newscrawler.profiles import SiteProfile, load_profile, profile_for_url
from newscrawler.replica import FAMILIES as REPLICA_FAMILIES
from newscrawler.replica import Portal, ReplicaServer, build_portal
from newscrawler.runner import LOCAL_SETTINGS, project_settings, run_crawls

#: The replicas are served on these ports when free, so a second demo run finds the same URLs
#: (and, crawling incrementally, nothing new).
DEMO_PORT = 18301


def demo_profiles(server: ReplicaServer, portals: list[Portal]) -> list[SiteProfile]:
    """One profile per replica portal: ``ustb-en`` as bundled, the others as ``--url --cms``."""
    profiles = []
    for portal in portals:
        start = server.url(portal) + portal.start_path
        if portal.family == "ustb-en":
            profiles.append(load_profile("ustb-en").with_start_urls([start]))
        else:
            profile = profile_for_url(start, portal.family)
            profiles.append(replace(profile, id=f"demo-{portal.family}"))
    return profiles


@click.command("demo")
@db_option
@jsonl_option
@json_option
def command(db: str, jsonl: str, as_json: bool) -> None:
    """Crawl the bundled replica portals (served on 127.0.0.1) into the archive.

    Works offline. Run it twice: the second run crawls incrementally and finds nothing new.

    Example: newscrawler demo --db demo.db --jsonl demo.jsonl
    """
    portals = [build_portal(family) for family in REPLICA_FAMILIES]
    with ReplicaServer(portals, ports=[DEMO_PORT + i for i in range(len(portals))]) as server:
        profiles = demo_profiles(server, portals)
        rows = run_crawls(profiles, project_settings(db, jsonl, LOCAL_SETTINGS))
    print_rows(rows, RUN_COLUMNS, as_json)
    if not as_json:
        click.echo(
            "\nEach replica portal has, on purpose, a broken link (404) and a page that always"
            " fails (500):\nthe 2 errors per site are those, counted and skipped. Run the demo"
            " again: it crawls\nincrementally, so known articles are not fetched again (new 0)."
        )
        click.echo(f"\nArchive: {db}   JSON Lines: {jsonl}")
        click.echo(f"Try: sqlite-utils {db} 'select site, count(*) from articles group by site'")
