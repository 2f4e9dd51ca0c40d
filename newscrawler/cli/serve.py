"""``newscrawler serve``: browse and query the archive in Datasette."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from urllib.parse import quote

import click

from newscrawler.cli.errors import open_existing
from newscrawler.cli.options import db_option
from newscrawler.reports.datasette_metadata import metadata


@click.command("serve", context_settings={"ignore_unknown_options": True})
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("-p", "--port", default=8001, show_default=True, type=int, help="Port.")
@click.option("--print-metadata", is_flag=True, help="Print the Datasette metadata and exit.")
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED)
def command(
    db: str, host: str, port: int, print_metadata: bool, datasette_args: tuple[str, ...]
) -> None:
    """Open the archive in Datasette: described tables, facets, search, canned queries, feeds.

    Prints the address to open (the articles table; / leads there too). The canned query
    'search' is the Chinese-aware search; /<db>/-/feed.atom?site=S&topic=T&newest=N is the Atom
    feed `newscrawler export -f atom` writes. Extra arguments after -- go to `datasette serve`.

    Example: newscrawler serve --db archive.db --port 8001 -- --open
    """
    path = Path(db)
    info = metadata(path.stem)
    if print_metadata:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    open_existing(path).close()  # upgrade an old archive before serving it
    from datasette.cli import cli as datasette

    from newscrawler.reports import datasette_feeds

    datasette_feeds.register()
    base = f"http://{host}:{port}/{quote(path.stem)}"
    click.echo(
        f"Open {base}/articles (Ctrl-C stops the server)\n"
        f"Atom feed: {base}/-/feed.atom?site=SITE&topic=TOPIC&newest=50",
        err=True,
    )

    with tempfile.TemporaryDirectory() as tmp:
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        args = ["serve", str(path), "--metadata", str(meta), "--host", host, "--port", str(port)]
        datasette.main([*args, *datasette_args], prog_name="datasette", standalone_mode=False)
