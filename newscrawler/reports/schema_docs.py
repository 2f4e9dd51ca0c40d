"""The schema tables of ``docs/archive.md``, generated from :mod:`newscrawler.schema`.

Run from the repository root after changing the schema::

    python3 -m newscrawler.reports.schema_docs            # rewrite docs/archive.md
    python3 -m newscrawler.reports.schema_docs --check    # exit status 1 if it is out of date

Each table sits between a ``<!-- schema:NAME -->`` and a ``<!-- /schema:NAME -->`` line; the
text around the tables is written by hand. ``tests/test_schema.py`` fails when the checked-in
file differs from what this module generates.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from newscrawler.exports.parquet import arrow_type
from newscrawler.schema import (
    COMPLETENESS,
    FIELDS,
    LISTING_EVIDENCE_COLUMNS,
    PAGE_CHECK_COLUMNS,
    SITE_TEMPLATE_COLUMNS,
    Column,
    Field,
    Place,
    fields_at,
)

DOC = Path("docs/archive.md")


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = [_row(*header), _row(*("---" for _ in header)), *(_row(*r) for r in rows)]
    return "\n".join(lines)


def _json(field: Field) -> str:
    return field.kind.json_doc() + (" or null" if field.nullable else "")


def _arrow(data_type: pa.DataType) -> str:
    if pa.types.is_list(data_type):
        return f"list\\<{_arrow(data_type.value_type)}>"
    if pa.types.is_struct(data_type):
        return f"struct\\<{', '.join(member.name for member in data_type)}>"
    return str(data_type)


def _meaning(field: Field | Column) -> str:
    return field.doc.replace("|", "\\|")


def item_table() -> str:
    """The article item: key, JSON type, whether required, meaning."""
    rows = [
        (f"`{f.name}`", _json(f), "yes" if f.required else "", _meaning(f))
        for f in fields_at(Place.KEY)
    ]
    return _table(("key", "type", "required", "meaning"), rows)


def articles_table() -> str:
    """The ``articles`` table: column, SQLite type, kept in ``article_versions``, meaning."""
    rows = [
        (
            f"`{f.name}`",
            "JSON text" if f.kind.is_json else f.kind.sqlite_type.__name__.replace("str", "text"),
            "yes" if f.at(Place.VERSIONS) else "",
            "the item's key (above)" if f.at(Place.KEY) else _meaning(f),
        )
        for f in fields_at(Place.ARTICLES)
    ]
    return _table(("column", "SQLite", "in `article_versions`", "meaning"), rows)


def _columns_table(columns: tuple[Column, ...]) -> str:
    """A table of :class:`Column` s: column, SQLite type, meaning."""
    rows = [
        (f"`{c.name}`", c.kind.sqlite_type.__name__.replace("str", "text"), _meaning(c))
        for c in columns
    ]
    return _table(("column", "SQLite", "meaning"), rows)


def page_checks_table() -> str:
    """The ``page_checks`` table: column, SQLite type, meaning."""
    return _columns_table(PAGE_CHECK_COLUMNS)


def listing_evidence_table() -> str:
    """The ``listing_evidence`` table: column, SQLite type, meaning."""
    return _columns_table(LISTING_EVIDENCE_COLUMNS)


def site_templates_table() -> str:
    """The ``site_templates`` table: column, SQLite type, meaning."""
    return _columns_table(SITE_TEMPLATE_COLUMNS)


def export_table() -> str:
    """The export columns: column, JSON Lines, CSV and Parquet types, meaning."""
    rows = [
        (
            f"`{f.name}`",
            _json(f),
            f.kind.csv_doc() + (" or empty" if f.nullable else ""),
            _arrow(arrow_type(f.kind)),
            _meaning(f),
        )
        for f in fields_at(Place.EXPORT)
    ]
    return _table(("column", "JSON Lines", "CSV", "Parquet", "meaning"), rows)


def completeness_list() -> str:
    """The report's completeness fields, as a sentence fragment."""
    by_label = {f.report: f.name for f in FIELDS if f.report is not None}
    names = [
        f"{label}" + ("" if by_label[label] == label else f" (`{by_label[label]}`)")
        for label in COMPLETENESS
    ]
    return "Fields in the completeness table: " + ", ".join(names) + "."


TABLES: dict[str, Callable[[], str]] = {
    "item": item_table,
    "articles": articles_table,
    "page_checks": page_checks_table,
    "listing_evidence": listing_evidence_table,
    "site_templates": site_templates_table,
    "export": export_table,
    "completeness": completeness_list,
}


def render(text: str) -> str:
    """``text`` with every generated block replaced by what the schema gives now.

    Raises ``ValueError`` for a block name this module does not know, or a missing closing marker.
    """
    opening = re.compile(r"^<!-- schema:(\w+) -->\n", re.MULTILINE)
    out, at = [], 0
    for match in opening.finditer(text):
        if match.start() < at:
            continue
        name = match.group(1)
        if name not in TABLES:
            raise ValueError(f"unknown generated block schema:{name}")
        closing = text.find(f"<!-- /schema:{name} -->", match.end())
        if closing < 0:
            raise ValueError(f"schema:{name} has no closing <!-- /schema:{name} --> line")
        out += [text[at : match.end()], TABLES[name](), "\n"]
        at = closing
    return "".join(out) + text[at:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m newscrawler.reports.schema_docs", description=__doc__.split("\n")[0]
    )
    parser.add_argument("path", nargs="?", type=Path, default=DOC, help="default: %(default)s")
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if out of date")
    args = parser.parse_args(argv)
    current = args.path.read_text(encoding="utf-8")
    wanted = render(current)
    if current == wanted:
        return 0
    if args.check:
        print(
            f"{args.path} is out of date: run python3 -m newscrawler.reports.schema_docs", file=sys.stderr
        )
        return 1
    args.path.write_text(wanted, encoding="utf-8")
    print(f"updated {args.path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
