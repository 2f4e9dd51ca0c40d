"""``newscrawler show URL``: one archived article, its versions and, with --raw, its capture."""

from __future__ import annotations

import json
from pathlib import Path

import click
from w3lib.encoding import html_to_unicode

from newscrawler.archive import row_to_item
from newscrawler.capture.warc import read_payload_record
from newscrawler.cli.errors import UserError, open_existing
from newscrawler.cli.options import db_option, json_option
from newscrawler.cli.output import print_rows

VERSION_COLUMNS = ("version", "fetched_at", "revision", "extractor_version", "title", "warc_file")


@click.command("show")
@click.argument("url")
@click.option("--raw", is_flag=True, help="Print the captured HTML of the version instead.")
@click.option("--version", "number", type=int, help="Which version (default: the current one).")
@click.option(
    "--warc-dir", type=click.Path(file_okay=False),
    help="Where the crawl's WARC files are. Default: <db>.warc",
)  # fmt: skip
@db_option
@json_option
def command(url: str, raw: bool, number: int | None, warc_dir: str | None, db: str, as_json: bool):
    """Print the archived article at URL (or one of its aliases) and its versions.

    Example: newscrawler show https://news.example.edu.cn/info/1091/12345.htm --raw
    """
    with open_existing(db) as archive:
        row = archive.execute(
            "select a.url from articles a where a.url = ? union all select al.article_url"
            " from article_aliases al where al.url = ? limit 1",
            [url, url],
        ).fetchone()
        if row is None:
            raise UserError(f"{url} is not in {db}; `newscrawler search` finds archived articles")
        article = row_to_item(next(archive.query("select * from articles where url = ?", [row[0]])))
        versions = [
            row_to_item(v)
            for v in archive.query(
                "select * from article_versions where url = ? order by version", [row[0]]
            )
        ]
    chosen = number or article["version"]
    if raw:
        version = next((v for v in versions if v["version"] == chosen), None)
        if version is None:
            raise UserError(f"{article['url']} has no version {chosen}")
        if not version.get("warc_file"):
            raise UserError(f"version {chosen} was archived without a capture (--no-warc)")
        try:
            record = read_payload_record(
                Path(warc_dir or f"{db}.warc"), version["warc_file"], version["warc_offset"]
            )
        except (OSError, ValueError) as exc:
            raise UserError(f"the capture of version {chosen} cannot be read: {exc}") from None
        content_type = next((v for k, v in record.http_headers if k.lower() == "content-type"), "")
        click.echo(html_to_unicode(content_type, record.payload)[1])
        return
    if as_json:
        click.echo(
            json.dumps({"article": article, "versions": versions}, ensure_ascii=False, indent=2)
        )
        return
    for key, value in article.items():
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
        if key != "body":
            click.echo(f"{key:<18} {shown}")
    click.echo(f"{'body':<18} {str(article.get('body') or '')[:300]}…")
    click.echo("")
    print_rows(versions, VERSION_COLUMNS, False)
