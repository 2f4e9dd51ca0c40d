"""``newscrawler export``: formats, filters, cursors, order and output destinations."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest_archive import (
    ARTICLES,
    EN_COOPERATION,
    ZH_COOPERATION,
    ZH_MEETING,
    article,
    make_archive,
    store,
)
from newscrawler.exports.columns import COLUMNS

from newscrawler.archive.store import open_archive
from newscrawler.cli import cli


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    return make_archive(tmp_path)


def run(path: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["export", "--db", str(path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def exported_urls(path: Path, *args: str) -> list[str]:
    return [json.loads(line)["url"] for line in run(path, *args).splitlines()]


def test_jsonl_to_stdout_has_every_article_sorted_by_url(archive_path):
    lines = [json.loads(line) for line in run(archive_path).splitlines()]
    assert [row["url"] for row in lines] == sorted(item["url"] for item in ARTICLES)
    assert all(list(row) == list(COLUMNS) for row in lines)


def test_jsonl_keeps_lists_and_the_current_version(archive_path):
    rows = {json.loads(line)["url"]: json.loads(line) for line in run(archive_path).splitlines()}
    assert rows[ZH_COOPERATION["url"]]["credits"] == ZH_COOPERATION["credits"]
    meeting = rows[ZH_MEETING["url"]]
    assert (meeting["version"], meeting["changed_at"]) == (2, "2024-02-01T08:00:00+00:00")
    assert meeting["first_seen"] == "2024-01-10T08:00:00+00:00"


def test_csv_flattens_lists_as_documented(archive_path, tmp_path):
    out = tmp_path / "a.csv"
    run(archive_path, "-o", str(out))
    rows = {row["url"]: row for row in csv.DictReader(io.StringIO(out.read_text("utf-8")))}
    row = rows[ZH_COOPERATION["url"]]
    assert list(row) == list(COLUMNS)
    assert row["credits"] == "author:张三 | photographer:李四 | photographer:王五"
    assert row["captions"] == "签约仪式现场"
    assert row["topics"] == "学校要闻"
    assert row["views"] == "1024"


def test_csv_writes_a_pipe_inside_a_value_as_a_broken_bar(tmp_path):
    path = tmp_path / "a.db"
    store(path, {**EN_COOPERATION, "topics": ["A|B", "C"]})
    (row,) = csv.DictReader(io.StringIO(run(path, "-f", "csv")))
    assert row["topics"] == "A¦B | C"


def test_parquet_has_typed_columns_in_row_groups(archive_path, tmp_path, monkeypatch):
    monkeypatch.setattr("newscrawler.exports.parquet.BATCH_ROWS", 2)
    out = tmp_path / "a.parquet"
    run(archive_path, "-o", str(out))
    parquet = pq.ParquetFile(out)
    assert parquet.metadata.num_row_groups == 3
    table = parquet.read()
    assert table.column_names == list(COLUMNS)
    rows = {row["url"]: row for row in table.to_pylist()}
    assert rows[ZH_COOPERATION["url"]]["captions"] == ZH_COOPERATION["captions"]
    assert rows[ZH_COOPERATION["url"]]["views"] == 1024


def test_parquet_streams_to_a_pipe(archive_path):
    result = CliRunner().invoke(cli, ["export", "--db", str(archive_path), "-f", "parquet"])
    assert result.exit_code == 0, result.output
    assert pq.read_table(io.BytesIO(result.stdout_bytes)).num_rows == len(ARTICLES)


def test_empty_selection_still_writes_a_valid_file_with_columns(archive_path, tmp_path):
    out = tmp_path / "none.parquet"
    run(archive_path, "--since", "2999-01-01", "-o", str(out))
    assert pq.read_table(out).column_names == list(COLUMNS)
    assert run(archive_path, "--since", "2999-01-01", "-f", "csv").splitlines() == [
        ",".join(COLUMNS)
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--site", "ustb-en"), 2),
        (("--site", "ustb-en", "--site", "ustb-zh"), 5),
        (("--topic", "学校要闻"), 2),
        (("--since", "2023-04-01"), 3),
        (("--until", "2023-03-20"), 2),  # includes 2023-03-20T09:30:00+08:00
        (("--since", "2023-03-16", "--until", "2023-05-02", "--site", "ustb-zh"), 2),
        (("--changed-since", "2024-02-01"), 1),
        (("--changed-since", "2024-02-01T09:00:00+01:00"), 1),
        (("--changed-since", "2024-02-01T08:00:01"), 0),
    ],
)
def test_filters_select_the_matching_articles(archive_path, args, expected):
    assert len(exported_urls(archive_path, *args)) == expected


@pytest.mark.parametrize(
    ("args", "included"),
    [
        (("--since", "1998-03-01", "--until", "1998-03-31"), True),
        (("--since", "1998-03-20"), True),  # the month overlaps the range
        (("--until", "1998-03-01"), True),
        (("--since", "1998-04-01"), False),
        (("--until", "1998-02-28"), False),
    ],
)
def test_a_month_only_date_is_selected_when_its_month_overlaps_the_range(
    archive_path, args, included
):
    reprint = article(
        "https://news.ustb.edu.cn/reprint/1.htm", title="A reprint", body="Text.",
        published="1998-03", content_hash="f" * 64,
    )  # fmt: skip
    store(archive_path, reprint)
    assert (reprint["url"] in exported_urls(archive_path, *args)) is included


def test_cursor_exports_only_what_is_new_or_changed_since_the_last_run(archive_path):
    assert len(exported_urls(archive_path, "--cursor", "nightly")) == len(ARTICLES)
    assert exported_urls(archive_path, "--cursor", "nightly") == []
    edited = {**EN_COOPERATION, "title": "USTB signs a new agreement", "content_hash": "new"}
    new = {**EN_COOPERATION, "url": "https://en.ustb.edu.cn/news/new.htm"}
    assert store(archive_path, edited, new) == ["changed", "new"]
    assert exported_urls(archive_path, "--cursor", "nightly") == sorted(
        [EN_COOPERATION["url"], new["url"]]
    )
    # Another cursor name has its own position.
    assert len(exported_urls(archive_path, "--cursor", "weekly")) == len(ARTICLES) + 1


def test_cursor_combines_with_filters(archive_path):
    assert len(exported_urls(archive_path, "--cursor", "zh", "--site", "ustb-zh")) == 3
    row = open_archive(archive_path)["export_cursors"].get("zh")
    assert row["articles"] == 3


def test_no_progress_bar_when_stderr_is_not_a_terminal(archive_path):
    result = CliRunner().invoke(cli, ["export", "--db", str(archive_path)])
    assert result.stderr == f"exported {len(ARTICLES)} articles as jsonl to stdout\n"


def test_export_of_a_missing_archive_fails_clearly(tmp_path):
    result = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no archive" in result.output


def test_every_format_comes_from_one_registry_with_its_suffix_and_limits(archive_path, tmp_path):
    from newscrawler.exports import REGISTRY, format_for

    choices = next(p for p in cli.commands["export"].params if p.name == "fmt").type.choices
    assert sorted(choices) == sorted(REGISTRY)
    for fmt in REGISTRY.values():
        for suffix in fmt.suffixes:
            assert format_for(f"out{suffix.upper()}") == fmt.name
    runner = CliRunner()
    wacz = runner.invoke(cli, ["export", "--db", str(archive_path), "-f", "wacz"])
    assert wacz.exit_code == 2 and "wacz is written to a file" in wacz.output
    cursor = runner.invoke(
        cli, ["export", "--db", str(archive_path), "-f", "media-csv", "--cursor", "nightly"]
    )
    assert cursor.exit_code == 2 and "--cursor applies to article exports" in cursor.output
    media = runner.invoke(cli, ["export", "--db", str(archive_path), "-f", "media-csv"])
    assert media.exit_code == 0 and "media rows as media-csv to stdout" in media.stderr
