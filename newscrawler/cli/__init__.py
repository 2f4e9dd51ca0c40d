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


#: Command modules, each with a ``command`` (``cluster`` has several: ``commands``).
_MODULES = (
    "add", "crawl", "demo", "export", "extract", "health", "reextract", "replica", "report", "runs",
    "search", "serve", "show", "sites", "template",
)  # fmt: skip


def _register() -> None:
    from importlib import import_module

    for name in _MODULES:
        cli.add_command(import_module(f"newscrawler.cli.{name}").command)
    for command in import_module("newscrawler.cli.cluster").commands:
        cli.add_command(command)


_register()
