"""``newscrawler report``: a self-contained HTML page on what the archive covers."""

from __future__ import annotations

import click

from newscrawler.cli.errors import check_output_file, open_existing
from newscrawler.cli.options import db_option
from newscrawler.cli.output import open_output
from newscrawler.reports.coverage import render


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
    if output != "-":
        check_output_file(output, "-o/--output")
    with open_existing(db) as archive:
        html = render(archive)
    with open_output(output, "wb") as out:
        out.write(html.encode("utf-8"))
    if output != "-":
        click.echo(f"wrote {output}", err=True)
