"""``newscrawler report``: a self-contained HTML page on what the archive covers."""

from __future__ import annotations

import click

from newscrawler.cli.errors import check_output_file, open_existing
from newscrawler.cli.options import db_option
from newscrawler.report import render


@click.command("report")
@db_option
@click.option(
    "-o",
    "--output",
    default="report.html",
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="HTML file to write; - for stdout.",
)
def command(db: str, output: str) -> None:
    """Write an HTML coverage report: per site, a chart of articles per month (gaps in red),
    field completeness, the last successful crawl and the changes recorded.

    Example: newscrawler report --db archive.db -o coverage.html
    """
    archive = open_existing(db)
    if output != "-":
        check_output_file(output, "-o/--output")
    html = render(archive)
    archive.close()
    with click.open_file(output, "w", encoding="utf-8", atomic=output != "-") as out:
        out.write(html)
    if output != "-":
        click.echo(f"wrote {output}", err=True)
