"""``python -m newscrawler`` is the ``newscrawler`` command."""

from newscrawler.cli import cli

cli()
