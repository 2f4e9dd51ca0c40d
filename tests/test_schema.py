"""The item schema is the one source: the item class, archive columns, validation, exports,
Datasette and docs/archive.md all follow it, and the generated docs cannot silently go stale."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from newscrawler.exports.columns import COLUMNS
from newscrawler.exports.parquet import SCHEMA
from newscrawler.pipelines.validate import ValidatePipeline
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawler import schema
from newscrawler.archive.migrations import (
    ARTICLE_COLUMNS,
    VERSION_COLUMNS,
    VERSIONS_DATA,
    create_versions_view,
)
from newscrawler.archive.store import open_archive
from newscrawler.extraction import content_hash, extract_article
from newscrawler.items import ArticleItem
from newscrawler.profiles import profile_for_url
from newscrawler.replica import build_portal
from newscrawler.reports import schema_docs
from newscrawler.reports.datasette_metadata import TABLES
from newscrawler.schema import Place

ARCHIVE_DOC = Path(__file__).resolve().parent.parent / "docs" / "archive.md"


def item(**fields):
    """A valid item (its hash from the defaults), ``fields`` overriding any value."""
    values = {f.name: f.kind.empty() for f in schema.fields_at(Place.KEY)} | {
        "url": "https://news.example.edu.cn/info/1/1.htm",
        "site": "example",
        "title": "标题",
        "body": "第一段。",
        "captions": [{"image_url": "https://news.example.edu.cn/1.jpg", "text": "图注"}],
        "images": ["https://news.example.edu.cn/1.jpg"],
        "credits": [{"role": "author", "label": "撰稿", "name": "张三"}],
        "topics": ["学校要闻"],
        "published": "2022-08-24",
        "views": 10,
        "language": "zh",
        "fetched_at": "2026-11-25T00:00:00+00:00",
    }
    values["content_hash"] = content_hash(values)
    return ArticleItem(**(values | fields))


def validated(value: ArticleItem):
    crawler = get_crawler()
    return ValidatePipeline.from_crawler(crawler).process_item(value), crawler.stats


def test_docs_archive_md_is_generated_from_the_current_schema():
    text = ARCHIVE_DOC.read_text(encoding="utf-8")
    assert schema_docs.render(text) == text, "run: python3 -m newscrawler.reports.schema_docs"


def test_a_stale_generated_table_is_found_and_rewritten(tmp_path, capsys):
    stale = tmp_path / "archive.md"
    current = ARCHIVE_DOC.read_text(encoding="utf-8")
    stale.write_text(current.replace("| `title` |", "| `headline` |"), encoding="utf-8")
    assert schema_docs.main([str(stale), "--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert schema_docs.main([str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == current


@pytest.mark.parametrize(
    "text",
    ["<!-- schema:nothing -->\n<!-- /schema:nothing -->\n", "<!-- schema:item -->\nno end\n"],
)
def test_an_unknown_or_unclosed_generated_block_is_an_error(text):
    with pytest.raises(ValueError, match="schema:"):
        schema_docs.render(text)


def test_the_schema_and_extraction_import_without_scrapy():
    code = (
        "import sys, newscrawler.schema, newscrawler.extraction; "
        "sys.exit('scrapy' in sys.modules or 'sqlite_utils' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_every_place_takes_its_fields_from_the_schema_in_order():
    assert list(ArticleItem.fields) == list(schema.names_at(Place.ITEM))
    assert list(ARTICLE_COLUMNS) == list(schema.names_at(Place.ARTICLES))
    assert schema.names_at(Place.VERSIONS) == VERSION_COLUMNS
    assert list(COLUMNS) == SCHEMA.names == list(schema.names_at(Place.EXPORT))
    assert list(TABLES["articles"]["columns"]) == list(ARTICLE_COLUMNS)


def test_fields_marked_hashed_change_the_content_hash_and_only_their_hashed_members_count():
    base = dict(item())
    changed = {
        "title": "另一个标题",
        "body": "另一段。",
        "credits": [{"role": "editor", "label": "编辑", "name": "李四"}],
        "captions": [{"image_url": "https://news.example.edu.cn/1.jpg", "text": "另一个图注"}],
    }
    assert set(schema.HASHED) == set(changed)
    for name, value in changed.items():
        assert content_hash(base | {name: value}) != base["content_hash"], name
    same = {
        "title": " 标题\u3000",  # whitespace collapsed
        "credits": [{"role": "author", "label": "作者", "name": "张三"}],  # the label is not hashed
        "captions": [{"image_url": None, "text": "图注"}],  # nor a caption's image
        "views": 11,
        "fetched_at": "2026-11-26T00:00:00+00:00",
    }
    for name, value in same.items():
        assert content_hash(base | {name: value}) == base["content_hash"], name


def test_the_extracted_item_has_exactly_the_schema_item_keys():
    portal = build_portal("vsb")
    path = portal.article_paths()[0]
    url = "http://127.0.0.1" + path
    reply = portal.response(path)
    result = extract_article(
        url, reply.body, profile_for_url(url, "vsb"), content_type=reply.headers["Content-Type"]
    )
    assert set(result.item) - {"extraction"} == set(schema.ITEM_KEYS)
    assert schema.BY_NAME["extraction"].at(Place.ITEM)


def test_the_archive_and_the_run_log_take_their_field_lists_from_the_schema():
    assert schema.KEPT_WHEN_EMPTY == (
        "published", "language", "topics", "captions", "images", "attachments", "views",
    )  # fmt: skip
    assert set(schema.KEPT_WHEN_EMPTY) <= set(schema.REFRESHED)
    assert not {"url", "title", "body", "credits", "content_hash"} & set(schema.REFRESHED)
    assert set(schema.WATCHED_FIELDS) == set(schema.ITEM_KEYS) - {
        "url", "site", "fetched_at", "content_hash",
    }  # fmt: skip
    assert set(schema.REVISED_COLUMNS) <= set(VERSION_COLUMNS)
    assert "content_hash" in schema.REVISED_COLUMNS and "fetched_at" not in schema.REVISED_COLUMNS


@pytest.mark.parametrize(
    ("value", "valid"),
    [("2022-08-24", True), ("2022-08-24T09:30:00+08:00", True), ("1998-03", True),
     ("1998-13", False), ("2022-02-30", False), ("24.08.2022", False)],
)  # fmt: skip
def test_the_date_kind_accepts_only_iso_8601(value, valid):
    assert schema.BY_NAME["published"].kind.well_formed(value) is valid
    assert schema.BY_NAME["title"].kind.well_formed(value)


def test_a_column_added_to_the_schema_reaches_an_existing_archive(tmp_path):
    path = tmp_path / "archive.db"
    db = open_archive(path)
    # An archive made before these fields existed: drop their columns.
    db.execute("alter table articles drop column checked_at")
    db.execute("drop view article_versions")  # over article_versions_data since migration 340
    db.execute(f"alter table {VERSIONS_DATA} drop column language")
    create_versions_view(db)
    db.close()
    db = open_archive(path)
    assert "checked_at" in db["articles"].columns_dict
    assert "language" in db["article_versions"].columns_dict
    added = {row["name"] for row in db["_migrations"].rows if row["name"].startswith("add ")}
    assert added == {"add articles.checked_at", "add article_versions.language"}
    recorded = db["_migrations"].count
    db.close()
    assert open_archive(path)["_migrations"].count == recorded  # nothing added twice


def test_a_valid_item_passes_unchanged():
    good = item()
    result, stats = validated(item())
    assert dict(result) == dict(good)
    assert not any(key.startswith("newscrawler/bad_value") for key in stats.get_stats())


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("views", "1,024"),
        ("language", 7),
        ("topics", "学校要闻"),
        ("credits", [{"role": "author", "name": "张三"}]),
        ("captions", [{"image_url": None, "text": 3}]),
    ],
)
def test_a_value_of_the_wrong_shape_is_stored_empty_logged_and_counted(name, value, caplog):
    caplog.set_level(logging.WARNING)
    result, stats = validated(item(**{name: value}))
    assert result[name] == schema.BY_NAME[name].kind.empty()
    assert result["title"] == "标题"  # the article is kept
    assert stats.get_value(f"newscrawler/bad_value/{name}") == 1
    assert f"bad {name}" in caplog.text


def test_a_missing_list_becomes_empty_and_a_missing_required_field_drops_the_item():
    bare = item()
    del bare["images"]
    result, stats = validated(bare)
    assert result["images"] == []
    assert stats.get_value("newscrawler/empty_field/example/images") == 1
    with pytest.raises(DropItem, match="missing url"):
        validated(item(url=None))
