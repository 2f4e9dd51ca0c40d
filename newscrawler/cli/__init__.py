"""The ``newscrawler`` command line: a thin layer over the library, one module per command."""

from __future__ import annotations

import click

from newscrawler import __version__
from newscrawler.cli.errors import Group


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newscrawler")
def cli() -> None:
    """Crawl university news portals into a SQLite + JSON Lines archive.

    Example: newscrawler demo
    """


def _register() -> None:
    from newscrawler.cli import (
        cluster,
        crawl,
        demo,
        export,
        extract,
        reextract,
        replica,
        report,
        runs,
        search,
        serve,
        show,
        sites,
    )

    for module in (
        crawl,
        demo,
        export,
        extract,
        reextract,
        replica,
        report,
        runs,
        search,
        serve,
        show,
        sites,
    ):
        cli.add_command(module.command)
    for command in cluster.commands:
        cli.add_command(command)


_register()
