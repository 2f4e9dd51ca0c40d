"""``newscrawler serve``: browse and query the archive in Datasette."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click

from newscrawler.cli.errors import open_existing
from newscrawler.cli.options import db_option
from newscrawler.datasette_metadata import metadata


@click.command("serve", context_settings={"ignore_unknown_options": True})
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("-p", "--port", default=8001, show_default=True, type=int, help="Port.")
@click.option("--print-metadata", is_flag=True, help="Print the Datasette metadata and exit.")
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED)
def command(
    db: str, host: str, port: int, print_metadata: bool, datasette_args: tuple[str, ...]
) -> None:
    """Open the archive in Datasette: described tables, facets, search, canned queries.

    The canned query 'search' is the Chinese-aware search; extra arguments after -- go to
    `datasette serve`.

    Example: newscrawler serve --db archive.db --port 8001 -- --open
    """
    path = Path(db)
    info = metadata(path.stem)
    if print_metadata:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    open_existing(path).close()  # upgrade an old archive before serving it
    from datasette.cli import cli as datasette

    with tempfile.TemporaryDirectory() as tmp:
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        args = ["serve", str(path), "--metadata", str(meta), "--host", host, "--port", str(port)]
        datasette.main([*args, *datasette_args], prog_name="datasette", standalone_mode=False)
