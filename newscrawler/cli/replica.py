"""``newscrawler replica serve``: a replica portal on 127.0.0.1, to try crawling offline."""

from __future__ import annotations

import threading

import click

from newscrawler.cli.errors import UserError
from newscrawler.replica import FAMILIES, THEMES, UNSEEN, ReplicaServer, build_portal
from newscrawler.replica.text import MAX_ARTICLES

#: Families a portal can be crawled as with ``--cms`` (the USTB replica has its bundled profile).
_CMS_OF = {"ustb-en": "vsb"}


@click.group("replica")
def command() -> None:
    """Replica news portals of each CMS family, served on 127.0.0.1 (no internet needed).

    Example: newscrawler replica serve vsb
    """


@command.command("serve")
@click.argument("family", type=click.Choice([*FAMILIES, *THEMES, *UNSEEN]), metavar="FAMILY")
@click.option(
    "-p",
    "--port",
    default=0,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option(
    "--articles",
    default=12,
    show_default=True,
    type=click.IntRange(5, MAX_ARTICLES - 3),
    help="Articles the portal publishes.",
)
def serve(family: str, port: int, articles: int) -> None:
    """Serve a replica portal of FAMILY and print its start URL, until Ctrl-C.

    FAMILY is a CMS family, another theme of one, or a portal of a template of its own
    (homegrown-div, homegrown-table, custom-en: crawl those with --cms auto).

    Then, in another terminal, add it as you would a real portal:

      newscrawler crawl --url START_URL --cms FAMILY

    Example: newscrawler replica serve webplus --port 8080 --articles 50
    """
    portal = build_portal(family, n_articles=articles)
    try:
        server = ReplicaServer([portal], ports=[port]).start()
    except OSError as exc:
        raise UserError(f"cannot serve on port {port}: {exc.strerror}") from None
    start_url = server.url(portal) + portal.start_path
    if port and not start_url.endswith(f":{port}{portal.start_path}"):
        server.stop()
        raise UserError(f"port {port} is taken: choose another, or --port 0 for any free one")
    click.echo(start_url)
    click.echo(
        f"Serving a {family} replica portal ({articles} articles). Crawl it from another "
        f"terminal:\n  newscrawler crawl --url {start_url} --cms {_CMS_OF.get(family, portal.layout.cms)}\n"
        "Press Ctrl-C to stop.",
        err=True,
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.stop()


@command.command("university")
@click.argument("kind", type=click.Choice(["vsb", "plain"]), metavar="KIND")
@click.option(
    "-p",
    "--port",
    default=0,
    show_default=True,
    type=click.IntRange(0, 65000),
    help="Port of the home page on 127.0.0.1; its columns take the next ones, hence at most "
    "65000 (0: any free ports).",
)
def university(kind: str, port: int) -> None:
    """Serve a replica university of KIND — a home page with furniture and news columns, each
    column a portal on a port of its own — and print the home page's URL, until Ctrl-C.

    KIND: vsb (a Chinese university on the VSB CMS, columns 学校要闻 and 通知公告) or plain (an
    English college whose hand-written site matches no CMS family, columns News and Events).
    Then, in another terminal: newscrawler add HOME_URL

    Example: newscrawler replica university plain --port 8300
    """
    from newscrawler.replica.university import build_university

    replica = build_university(kind)
    try:
        server = replica.serve(port).start()
    except OSError as exc:
        raise UserError(f"cannot serve on port {port}: {exc.strerror}") from None
    home = replica.home_url(server)
    if port and home != f"http://127.0.0.1:{port}/":
        server.stop()
        raise UserError(f"port {port} is taken: choose another, or --port 0 for any free ones")
    click.echo(home)
    click.echo(
        f"Serving a replica university ({kind}). Add it from another terminal:\n"
        f"  newscrawler add {home}\nPress Ctrl-C to stop.",
        err=True,
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.stop()
