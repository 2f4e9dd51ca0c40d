"""``newscrawler show URL``: one archived article, its versions, with --diff what changed between
two versions and, with --raw, its capture."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import click
from w3lib.encoding import html_to_unicode

from newscrawler.archive.queries import article_with_versions
from newscrawler.capture.warc import read_payload_record, settle_for_reading
from newscrawler.cli.errors import UserError, open_existing
from newscrawler.cli.options import db_option, json_option
from newscrawler.cli.output import print_rows

VERSION_COLUMNS = ("version", "fetched_at", "revision", "extractor_version", "title", "warc_file")
#: Columns of a version that say how and when it was archived, not what the article says.
_BOOKKEEPING = {
    "url", "content_hash", "fetched_at", "warc_file", "warc_offset", "warc_record_id",
    "extractor_version", "revision", "version",
}  # fmt: skip


def diff_versions(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What changed from version ``old`` to version ``new`` (``article_versions`` rows, lists
    decoded): ``{"url", "from", "to", "fetched": [old, new], "body": [unified diff lines of the
    body's paragraphs, difflib's "-", "+", " " and "@@" lines], "fields": {name: {"old", "new"}}}``
    with only the fields that differ (the body is in ``body``, empty when it did not change)."""
    fields = {
        name: {"old": old.get(name), "new": new.get(name)}
        for name in new.keys() | old.keys()
        if name not in _BOOKKEEPING and name != "body" and old.get(name) != new.get(name)
    }
    lines = difflib.unified_diff(
        _paragraphs(old.get("body")), _paragraphs(new.get("body")), lineterm="", n=1
    )
    body = list(lines)[2:]  # without the ---/+++ file header
    return {
        "url": new["url"],
        "from": old["version"],
        "to": new["version"],
        "fetched": [old.get("fetched_at"), new.get("fetched_at")],
        "body": body,
        "fields": dict(sorted(fields.items())),
    }


def _paragraphs(body: str | None) -> list[str]:
    return [p.strip() for p in (body or "").split("\n") if p.strip()]


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)


def _print_diff(diff: dict[str, Any]) -> None:
    before, after = diff["fetched"]
    click.echo(
        f"{diff['url']}\nversion {diff['from']} ({before}) -> version {diff['to']} ({after})"
    )
    if not diff["body"] and not diff["fields"]:
        click.echo("no field changed (only how it was archived)")
    for name, change in diff["fields"].items():
        click.echo(f"\n{name}\n  - {_shown(change['old'])}\n  + {_shown(change['new'])}")
    if diff["body"]:
        click.echo("\nbody, by paragraph")
        for line in diff["body"]:
            click.echo(f"  {line[:1]} {line[1:]}" if line[:1] in "-+ " else f"  {line}")


@click.command("show")
@click.argument("url")
@click.option("--raw", is_flag=True, help="Print the captured HTML of the version instead.")
@click.option("--version", "number", type=int, help="Which version (default: the current one).")
@click.option(
    "--diff",
    is_flag=True,
    help="Print what changed from the version before: each changed field, the body by paragraph.",
)
@click.option(
    "--warc-dir", type=click.Path(file_okay=False),
    help="Where the crawl's WARC files are. Default: <db>.warc",
)  # fmt: skip
@db_option
@json_option
def command(
    url: str, raw: bool, number: int | None, diff: bool, warc_dir: str | None, db: str,
    as_json: bool,
) -> None:  # fmt: skip
    """Print the archived article at URL (or one of its aliases) and its versions.

    Example: newscrawler show https://news.example.edu.cn/info/1091/12345.htm --raw

    Example: newscrawler show https://news.example.edu.cn/info/1091/12345.htm --diff --version 3
    """
    if raw and diff:
        raise click.UsageError("give --raw or --diff, not both")
    with open_existing(db) as archive:
        found = article_with_versions(archive, url)
    if found is None:
        raise UserError(f"{url} is not in {db}; `newscrawler search` finds archived articles")
    article, versions = found
    chosen = number or article["version"]
    if diff:
        by_number = {v["version"]: v for v in versions}
        if chosen not in by_number:
            raise UserError(f"{article['url']} has no version {chosen}")
        if chosen - 1 not in by_number:
            # A fair question with an empty answer, not bad input: said on stdout, exit 0.
            if as_json:
                first = by_number[chosen]
                changes = {
                    "url": article["url"],
                    "from": None,
                    "to": chosen,
                    "fetched": [None, first.get("fetched_at")],
                    "body": [],
                    "fields": {},
                }
                click.echo(json.dumps(changes, ensure_ascii=False, indent=2))
            else:
                click.echo(
                    f"version {chosen} of {article['url']} is its first: nothing to compare"
                    f" ({len(versions)} version{'s' if len(versions) != 1 else ''} archived)"
                )
            return
        changes = diff_versions(by_number[chosen - 1], by_number[chosen])
        if as_json:
            click.echo(json.dumps(changes, ensure_ascii=False, indent=2))
        else:
            _print_diff(changes)
        return
    if raw:
        version = next((v for v in versions if v["version"] == chosen), None)
        if version is None:
            raise UserError(f"{article['url']} has no version {chosen}")
        if not version.get("warc_file"):
            raise UserError(f"version {chosen} was archived without a capture (--no-warc)")
        warcs = Path(warc_dir or f"{db}.warc")
        settle_for_reading(warcs)
        try:
            record = read_payload_record(warcs, version["warc_file"], version["warc_offset"])
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
